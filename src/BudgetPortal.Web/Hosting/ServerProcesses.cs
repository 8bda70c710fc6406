using System.Runtime.InteropServices;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Finds the processes of a PostgreSQL cluster by their working folder: the postmaster changes into its data folder
/// at start and every server process it forks inherits it, so after the postmaster was killed its lingering children
/// are still found. Zombies (dead, waiting to be reaped) have no working folder and do not count.
/// </summary>
internal static partial class ServerProcesses
{
    public static IReadOnlyList<int> InFolder(string folder)
    {
        var target = RealPath(folder);
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } cwd && cwd == target)
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to inspect.
            }
        }

        return found;
    }

    /// <summary>The folder's path with every symbolic link resolved, as the kernel reports a working folder.</summary>
    private static string RealPath(string path)
    {
        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return Path.GetFullPath(path);
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? path;
        }
        finally
        {
            NativeFree(resolved);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for two libc calls.
    [DllImport("libc", EntryPoint = "realpath", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr NativeRealPath(string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void NativeFree(IntPtr pointer);
#pragma warning restore SYSLIB1054
}
