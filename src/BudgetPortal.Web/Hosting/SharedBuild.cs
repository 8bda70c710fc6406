namespace BudgetPortal.Web.Hosting;

/// <summary>
/// One value of an instance built for every request at once: the first caller builds it, the others wait for the same
/// task; a failed build is forgotten (the next caller tries again), and a value that is no longer fresh is let go and
/// built again. Used by the published catalog and the search vocabulary, both read again when publications move on.
/// A value can also be renewed beside the one in use (<see cref="RenewAsync"/>), which callers keep getting meanwhile.
/// </summary>
public sealed class SharedBuild<T>
    where T : class
{
    private Lazy<Task<T>>? _current;

    /// <summary>The value last built, if its build has finished successfully (fresh or not); null otherwise.</summary>
    public T? Current => _current is { IsValueCreated: true, Value: { IsCompletedSuccessfully: true } task } ? task.Result : null;

    public async Task<T> GetAsync(Func<Task<T>> build, Func<T, bool> isFresh)
    {
        while (true)
        {
            var fresh = new Lazy<Task<T>>(build);
            var lazy = Interlocked.CompareExchange(ref _current, fresh, null) ?? fresh;
            T value;
            try
            {
                // Not cancelled with the request: others may wait for the same build.
                value = await lazy.Value;
            }
            catch (Exception)
            {
                Interlocked.CompareExchange(ref _current, null, lazy);
                throw;
            }

            if (isFresh(value))
            {
                return value;
            }

            // Stale: let it go; the next round builds (or waits for) a new one.
            Interlocked.CompareExchange(ref _current, null, lazy);
        }
    }

    /// <summary>
    /// Builds a new value while callers keep getting <paramref name="current"/>, then puts it in place, unless another
    /// value took its place meanwhile (a build for newer data, which is kept). Returns whether it was put in place.
    /// </summary>
    public async Task<bool> RenewAsync(T current, Func<Task<T>> build)
    {
        var observed = _current;
        if (observed is not { IsValueCreated: true, Value: { IsCompletedSuccessfully: true } task } || !ReferenceEquals(task.Result, current))
        {
            return false;
        }

        var value = await build();
        var renewed = new Lazy<Task<T>>(() => Task.FromResult(value));
        _ = renewed.Value;
        return ReferenceEquals(Interlocked.CompareExchange(ref _current, renewed, observed), observed);
    }
}
