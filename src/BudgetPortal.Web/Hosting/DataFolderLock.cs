namespace BudgetPortal.Web.Hosting;

/// <summary>
/// The lock that makes a data folder belong to one portal process: <c>portal.lock</c> in the folder, opened with
/// <see cref="FileShare.None"/> (an exclusive <c>flock</c> on Linux) and held for the life of the process. The
/// operating system lets go of it when the process dies, however it dies, so a killed portal never blocks the next
/// start; a second live process on the same folder is refused before it touches anything.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "portal.lock";
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the folder's lock, or throws <see cref="DataFolderInUseException"/> when another process holds it.</summary>
    public static DataFolderLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataFolderInUseException(folder, ex);
        }

        // For a person looking at the folder: which process holds it.
        stream.SetLength(0);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            writer.WriteLine(Environment.ProcessId);
        }

        stream.Flush();
        return new DataFolderLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another process holds the data folder (see <see cref="DataFolderLock"/>); nothing was changed.</summary>
public sealed class DataFolderInUseException : InvalidOperationException
{
    public DataFolderInUseException()
    {
    }

    public DataFolderInUseException(string message)
        : base(message)
    {
    }

    public DataFolderInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DataFolderInUseException(string folder, IOException innerException)
        : base($"数据目录 {folder} 正被另一个门户进程使用（见其中的 {DataFolderLock.FileName}）。同一数据目录同一时间只能运行一个门户进程："
            + "请先停止正在运行的那个，或用 --Portal:DataPath 指定另一个目录。本次启动没有做任何改动。", innerException)
    {
        Folder = folder;
    }

    public string? Folder { get; }
}
