using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// Published content is served like a static file. A published version never changes, so every public GET is
/// (1) kept in the output cache (in memory, or in Redis when <c>ConnectionStrings:Redis</c> is set, shared by every
/// instance) and (2) given a strong ETag and <c>Cache-Control</c>, with 304 on revalidation. Publishing anything
/// evicts the whole cache (tag <see cref="Tag"/>): publications are rare, lists and searches depend on all of them, and
/// one rule is easy to trust. The ETag is a hash of the build and rules stamp, the URL and the id of the latest
/// published version, so it changes exactly when the published content may have.
/// </summary>
public static class PublishedCaching
{
    public const string Tag = "published";

    private const string StampItem = "BudgetPortal.PublicationStamp";

    /// <summary>
    /// The publication stamp (<see cref="DisclosureQueries.PublicationStampAsync"/>) as read once for this request by
    /// the ETag middleware, or read now when it did not run (a draft, a signed-in user).
    /// </summary>
    public static async ValueTask<int> PublicationStampAsync(HttpContext context, PortalDbContext db, CancellationToken ct) =>
        (await StampsAsync(context, db, ct)).Publication;

    /// <summary>
    /// The publication and code-list stamps (<see cref="DisclosureQueries.StampsAsync"/>), read in one round trip once
    /// for this request (by the ETag middleware when it runs) and shared through <see cref="HttpContext.Items"/>.
    /// </summary>
    public static async ValueTask<PublicStamps> StampsAsync(HttpContext context, PortalDbContext db, CancellationToken ct)
    {
        if (context.Items.TryGetValue(StampItem, out var value) && value is PublicStamps stamps)
        {
            return stamps;
        }

        stamps = await db.StampsAsync(ct);
        context.Items[StampItem] = stamps;
        return stamps;
    }

    public static WebApplicationBuilder AddPortalCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            options.AddBasePolicy(b => b.AddPolicy<PublishedPolicy>(), excludeDefaultPolicy: true);
            options.MaximumBodySize = 64 * 1024 * 1024;
        });
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<PortalOptions>>((o, portal) => o.SizeLimit = portal.Value.OutputCacheBytes);
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddStackExchangeRedisOutputCache(o =>
            {
                o.Configuration = redis;
                o.InstanceName = "budgetportal:";
            });
        }

        builder.Services.AddSingleton<ContentStamp>();
        builder.Services.AddSingleton<CacheAdmission>();
        builder.Services.AddScoped<PublicationEvents>();
        return builder;
    }

    public static WebApplication UsePortalCaching(this WebApplication app)
    {
        app.UseOutputCache();
        app.UseMiddleware<PublishedETagMiddleware>();
        return app;
    }

    /// <summary>Public GETs that show published content; everything else (health, errors, bulk ZIPs, staff) is never cached.</summary>
    internal static bool IsPublicContent(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return false;
        }

        if (request.Headers.ContainsKey(HeaderNames.Authorization) || context.User.Identity?.IsAuthenticated == true)
        {
            return false;
        }

        var path = request.Path;
        return !(path.StartsWithSegments("/health") || path.StartsWithSegments("/error") || path.StartsWithSegments("/api/bulk")
            || path.StartsWithSegments("/staff") || path.StartsWithSegments("/account"));
    }

    private sealed class PublishedPolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var enabled = IsPublicContent(context.HttpContext);
            if (enabled)
            {
                PortalTelemetry.CacheLookup();
            }

            context.EnableOutputCaching = enabled;
            context.AllowCacheLookup = enabled;
            // Kept from its second request on (decision 0480): an address asked for once is rendered and not stored.
            context.AllowCacheStorage = enabled && context.HttpContext.RequestServices.GetRequiredService<CacheAdmission>().SeenBefore(context.HttpContext.Request);
            context.AllowLocking = true;
            context.CacheVaryByRules.QueryKeys = "*";
            context.ResponseExpirationTimeSpan = TimeSpan.FromHours(6);
            context.Tags.Add(Tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            PortalTelemetry.CacheHit();
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            // Only complete published answers are kept: not errors, not responses that set cookies.
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Admission to the output cache on the second request (as nginx's <c>proxy_cache_min_uses 2</c>; decision 0480): an
/// address is stored only when it was asked for before. Addresses asked for once — a search nobody repeats, a crawler's
/// or an attacker's unique query strings — are rendered and answered but never stored, so they neither push the pages
/// people read out of the cache nor copy every answer into it (a large-object allocation for a disclosure page). What
/// was asked for is remembered as a hash in a fixed table of <see cref="Slots"/> entries (512 KB): a newer address
/// taking an older one's slot only means the older one waits for one more request before it is stored.
/// </summary>
public sealed class CacheAdmission
{
    public const int Slots = 1 << 16;

    private readonly ulong[] _seen = new ulong[Slots];

    /// <summary>True when this address (host, path and query) was asked for before; remembers it otherwise.</summary>
    public bool SeenBefore(HttpRequest request)
    {
        // A 64-bit FNV-1a hash of the address: the slot is chosen by 16 of its bits, the other 48 tell addresses apart.
        var hash = Fnv(Fnv(Fnv(14695981039346656037UL, request.Host.Value), request.Path.Value), request.QueryString.Value) | 1;
        ref var slot = ref _seen[(int)(hash >> 48)];
        if (Volatile.Read(ref slot) == hash)
        {
            return true;
        }

        Volatile.Write(ref slot, hash);
        return false;
    }

    private static ulong Fnv(ulong hash, string? text)
    {
        foreach (var c in text.AsSpan())
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ '\n') * 1099511628211UL;
    }
}

/// <summary>Called after anything is published: the cached pages, downloads and API answers are evicted everywhere.</summary>
public sealed class PublicationEvents(IOutputCacheStore store)
{
    public ValueTask PublishedAsync(CancellationToken ct) => store.EvictByTagAsync(PublishedCaching.Tag, ct);
}

/// <summary>
/// What else decides a rendered page besides the data: the build (templates, renderers) and the table-set rules and
/// code lists (the check badge). Computed once: both only change with a deployment or a restart.
/// </summary>
public sealed class ContentStamp(IServiceScopeFactory scopes)
{
    private (string Rules, string Build)? _value;

    /// <summary>The build, rules and code lists: whatever a rendered page depends on besides the data.</summary>
    public async ValueTask<string> GetAsync(CancellationToken ct) => (await ComputeAsync(ct)).Build;

    /// <summary>Only the table-set rules and code lists: what a check report depends on besides the data.</summary>
    public async ValueTask<string> RulesAsync(CancellationToken ct) => (await ComputeAsync(ct)).Rules;

    private async ValueTask<(string Rules, string Build)> ComputeAsync(CancellationToken ct)
    {
        if (_value is { } value)
        {
            return value;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var sets = await db.TableSets.AsNoTracking().OrderBy(s => s.Code).Select(s => s.Code + ":" + s.RulesJson).ToListAsync(ct);
        var builder = new StringBuilder();
        sets.ForEach(s => builder.Append('|').Append(s));
        var codeLists = Path.Combine(AppContext.BaseDirectory, "CodeLists");
        if (Directory.Exists(codeLists))
        {
            foreach (var file in Directory.GetFiles(codeLists, "*.json").Order(StringComparer.Ordinal))
            {
                builder.Append('|').Append(await File.ReadAllTextAsync(file, ct));
            }
        }

        static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        var rules = Hash(builder.ToString());
        _value = (rules, Hash(Assembly.GetExecutingAssembly().ManifestModule.ModuleVersionId + "|" + rules));
        return _value.Value;
    }
}

/// <summary>Strong ETag, Cache-Control and 304 for public content produced by the app (cache misses).</summary>
internal sealed class PublishedETagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, PortalDbContext db, ContentStamp stamp)
    {
        if (!PublishedCaching.IsPublicContent(context) || context.Request.Path.StartsWithSegments("/css") || context.Request.Path.StartsWithSegments("/js"))
        {
            await next(context);
            return;
        }

        var ct = context.RequestAborted;
        var latest = await PublishedCaching.PublicationStampAsync(context, db, ct);
        var key = $"{await stamp.GetAsync(ct)}|{context.Request.Path}{context.Request.QueryString}|{latest}";
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24].ToLowerInvariant()}\"");

        var response = context.Response;
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(e => e.Compare(etag, useStrongComparison: true)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            SetHeaders(response, etag);
            return;
        }

        // Set now, not when the response starts: the output cache copies the headers as they are at that moment.
        SetHeaders(response, etag);
        response.OnStarting(() =>
        {
            if (response.StatusCode != StatusCodes.Status200OK)
            {
                response.Headers.Remove(HeaderNames.ETag);
                response.Headers.CacheControl = "no-cache";
            }

            return Task.CompletedTask;
        });
        await next(context);
    }

    private static void SetHeaders(HttpResponse response, EntityTagHeaderValue etag)
    {
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        // Fresh for a minute, then revalidated: a correction shows within a minute even through proxies.
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(1) };
    }
}
