using System.ComponentModel.DataAnnotations;

namespace BudgetPortal.Web.Hosting;

/// <summary>Sign-in throttling (<c>Portal:SignIn</c>): failed sign-ins counted in a sliding window; successes never count.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Portal:SignIn";

    /// <summary>Failed sign-ins for one account within the window before further attempts are refused.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailuresPerAccount { get; set; } = 10;

    /// <summary>Failed sign-ins from one client address within the window before further attempts are refused.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailuresPerClient { get; set; } = 100;

    /// <summary>The sliding window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (<c>Portal:Proxy</c>).
/// Loopback is always trusted; add the proxy's address or network (e.g. the Docker network, <c>172.16.0.0/12</c>).
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Portal:Proxy";

    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Checked on start, so that a mistyped address stops the start instead of the first forwarded request.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(a => !System.Net.IPAddress.TryParse(a, out _))
            .Select(a => new ValidationResult($"Portal:Proxy:KnownProxies: “{a}” is not an IP address.", [nameof(KnownProxies)]))
            .Concat(KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => new ValidationResult($"Portal:Proxy:KnownNetworks: “{n}” is not a CIDR network.", [nameof(KnownNetworks)])));
}
