using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BudgetPortal.Web.Hosting;

/// <summary>
/// <c>Telemetry</c> section: OpenTelemetry export. Nothing is collected or sent unless <see cref="OtlpEndpoint"/> is set
/// (e.g. <c>Telemetry__OtlpEndpoint=http://collector:4317</c>); then traces and metrics go there by OTLP.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The OTLP collector (gRPC, usually port 4317; or HTTP/protobuf, port 4318, with <see cref="Protocol"/>).</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>service.name of the resource (instances are told apart by service.instance.id, the host name).</summary>
    public string ServiceName { get; set; } = "budgetportal";
}

/// <summary>
/// The portal's own instruments (meter and activity source "BudgetPortal"): consistency-check and render durations and
/// the output cache's lookups and hits (hit ratio = hits / lookups). Without an exporter configured they cost a
/// branch: nobody listens.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "BudgetPortal";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>(
        "budgetportal.checks.duration", "ms", "Time to run the consistency checks (勾稽关系) of one disclosure");

    private static readonly Histogram<double> RenderDuration = Meter.CreateHistogram<double>(
        "budgetportal.render.duration", "ms", "Time to render a download (pdf, xlsx, csv) of a disclosure or table");

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "budgetportal.output_cache.lookups", "{request}", "Public requests the output cache was asked for");

    private static readonly Counter<long> CacheHits = Meter.CreateCounter<long>(
        "budgetportal.output_cache.hits", "{request}", "Public requests answered from the output cache");

    public static void CacheLookup() => CacheLookups.Add(1);

    public static void CacheHit() => CacheHits.Add(1);

    /// <summary>Times the checks of one disclosure (a span and a histogram entry) until disposed.</summary>
    public static Measurement Checks() => new(CheckDuration, Source.StartActivity("checks"), default);

    /// <summary>Times one render of a download in <paramref name="format"/> until disposed.</summary>
    public static Measurement Render(string format) =>
        new(RenderDuration, Source.StartActivity("render " + format)?.SetTag("budgetportal.format", format), new KeyValuePair<string, object?>("format", format));

    public readonly struct Measurement(Histogram<double> histogram, Activity? activity, KeyValuePair<string, object?> tag) : IDisposable
    {
        private readonly long _start = Stopwatch.GetTimestamp();

        public void Dispose()
        {
            if (histogram.Enabled)
            {
                var ms = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
                if (tag.Key is null)
                {
                    histogram.Record(ms);
                }
                else
                {
                    histogram.Record(ms, tag);
                }
            }

            activity?.Dispose();
        }
    }

    /// <summary>Registers OpenTelemetry (ASP.NET Core, Npgsql and the portal's instruments, OTLP export) only when an endpoint is set.</summary>
    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return builder;
        }

        var protocol = options.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        void Otlp(OtlpExporterOptions o)
        {
            o.Endpoint = endpoint;
            o.Protocol = protocol;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddNpgsql().AddSource(Name).AddOtlpExporter(Otlp))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter(Name, "Npgsql").AddOtlpExporter(Otlp));
        return builder;
    }
}
