/// <summary>CPU time of the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)): what one export costs on a shared machine.</summary>
internal static partial class ThreadCpu
{
    private const int ThreadCpuTimeClock = 3;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Milliseconds() =>
        ClockGetTime(ThreadCpuTimeClock, out var t) == 0 ? (t.Seconds * 1000.0) + (t.Nanoseconds / 1e6) : double.NaN;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
