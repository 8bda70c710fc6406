using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Workbooks;

/// <summary>
/// At most <see cref="ImportOptions.MaxConcurrent"/> workbook readings at once in this process, so that memory per
/// import times this bound is the memory imports can take. A request waits for a slot at most
/// <see cref="ImportOptions.QueueWaitSeconds"/>, then gets a message instead of waiting forever.
/// </summary>
public sealed class ImportGate(IOptions<ImportOptions> options) : IDisposable
{
    public const string Busy = "当前导入任务较多，请稍后重试。";

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);

    /// <summary>A slot to hold while reading, or null when none freed up in time.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken ct) =>
        await _slots.WaitAsync(TimeSpan.FromSeconds(options.Value.QueueWaitSeconds), ct) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
