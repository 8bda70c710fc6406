using BudgetPortal.Core.Exports;
using BudgetPortal.Web.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Web.Exports;

/// <summary>The PDF font, found once at start-up; its absence is reported by /health and by downloads, not a crash.</summary>
public sealed class PdfFontStatus
{
    private readonly Lazy<(PdfExporter? Exporter, string Message)> _state;

    public PdfFontStatus(IOptions<PortalOptions> options) =>
        _state = new(() =>
        {
            try
            {
                var fonts = PdfFonts.Load(options.Value.PdfFont);
                return (new PdfExporter(fonts), $"PDF 字体：{fonts.Path}");
            }
            catch (PdfFontMissingException ex)
            {
                return (null, ex.Message);
            }
        });

    public PdfExporter? Exporter => _state.Value.Exporter;
    public string Message => _state.Value.Message;
}

internal sealed class PdfFontHealthCheck(PdfFontStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Exporter is null ? HealthCheckResult.Degraded(status.Message) : HealthCheckResult.Healthy(status.Message));
}

public static class ExportRegistration
{
    public static WebApplicationBuilder AddExports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PdfFontStatus>();
        builder.Services.AddHealthChecks().AddCheck<PdfFontHealthCheck>("pdf_font");
        return builder;
    }
}
