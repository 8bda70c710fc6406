using BudgetPortal.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BudgetPortal.Tests.Web;

/// <summary>OpenTelemetry is off unless an OTLP endpoint is configured (Telemetry:OtlpEndpoint); then traces and metrics are on.</summary>
public sealed class TelemetryTests
{
    private static WebApplication Build(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddPortalTelemetry();
        return builder.Build();
    }

    [Fact]
    public async Task NothingIsCollectedOrExportedWithoutAnEndpoint()
    {
        await using var app = Build();

        app.Services.GetService<TracerProvider>().ShouldBeNull();
        app.Services.GetService<MeterProvider>().ShouldBeNull();
        app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.OtlpEndpoint.ShouldBeNull();
    }

    [Fact]
    public async Task AnEndpointTurnsOnTracesAndMetricsExportedByOtlp()
    {
        await using var app = Build(("Telemetry:OtlpEndpoint", "http://127.0.0.1:4317"), ("Telemetry:ServiceName", "portal-test"));

        app.Services.GetService<TracerProvider>().ShouldNotBeNull();
        app.Services.GetService<MeterProvider>().ShouldNotBeNull();
        app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.OtlpEndpoint.ShouldBe(new Uri("http://127.0.0.1:4317"));
    }
}
