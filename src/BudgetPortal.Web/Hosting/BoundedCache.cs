using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// The one caching style of the portal: a DI singleton holding a size-limited <see cref="MemoryCache"/> whose sliding
/// expiry runs on the injected <see cref="TimeProvider"/> (a test can move time), least recently used entries going
/// first when full. Each entry counts as one.
/// </summary>
public abstract class BoundedCache<TKey, TValue>(long capacity, TimeSpan slidingExpiration, TimeProvider clock) : IDisposable
    where TKey : notnull
    where TValue : class
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = capacity, Clock = new Clock(clock) });

    public async Task<TValue> GetOrAddAsync(TKey key, Func<Task<TValue>> create)
    {
        if (_entries.TryGetValue(key, out TValue? cached) && cached is not null)
        {
            return cached;
        }

        var value = await create();
        Set(key, value);
        return value;
    }

    /// <summary>The value kept under that key, if any (and counts as a use).</summary>
    public bool TryGet(TKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TValue? value) =>
        _entries.TryGetValue(key, out value) && value is not null;

    public void Set(TKey key, TValue value) =>
        _entries.Set(key, value, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = slidingExpiration });

    public void Dispose()
    {
        _entries.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Clock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
