using System.Collections.Concurrent;
using BudgetPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// Counts failed sign-ins per client address and per account in a sliding window and refuses further attempts once
/// either passes its limit — instead of Identity's lockout, which anyone who knows an address could trigger to keep
/// its owner out. The answer is the same whether or not the account exists. Successful sign-ins never count, and one
/// clears its account's failures. Kept in memory per instance: several instances each allow the limit.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, IOptions<SignInThrottleOptions> options)
{
    public const string Message = "尝试过于频繁，请稍后再试。";
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public bool IsBlocked(string client, string account) =>
        Count(ClientKey(client)) >= options.Value.MaxFailuresPerClient || Count(AccountKey(account)) >= options.Value.MaxFailuresPerAccount;

    public void Failed(string client, string account)
    {
        Add(ClientKey(client));
        Add(AccountKey(account));
        if (_failures.Count > SweepAbove)
        {
            foreach (var key in _failures.Keys)
            {
                if (Count(key) == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    public void Succeeded(string account) => _failures.TryRemove(AccountKey(account), out _);

    private static string ClientKey(string client) => "client:" + client;

    private static string AccountKey(string account) => "account:" + account.Trim().ToUpperInvariant();

    private int Count(string key)
    {
        if (!_failures.TryGetValue(key, out var times))
        {
            return 0;
        }

        lock (times)
        {
            Prune(times);
            return times.Count;
        }
    }

    private void Add(string key)
    {
        var times = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Prune(times);
            times.Enqueue(clock.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> times)
    {
        var since = clock.GetUtcNow() - options.Value.Window;
        while (times.Count > 0 && times.Peek() <= since)
        {
            times.Dequeue();
        }
    }
}
