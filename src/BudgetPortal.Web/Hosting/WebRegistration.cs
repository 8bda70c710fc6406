using BudgetPortal.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Serilog;

namespace BudgetPortal.Web.Hosting;

public static class WebRegistration
{
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, configuration) =>
        {
            configuration.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext().WriteTo.Console();
            var file = services.GetRequiredService<IOptions<PortalOptions>>().Value.LogFile;
            if (!string.IsNullOrWhiteSpace(file))
            {
                configuration.WriteTo.File(file, rollingInterval: RollingInterval.Day);
            }
        },
        // The host gets its own logger instead of freezing the static bootstrap one: several hosts in one process
        // (the test suite) would otherwise race to freeze it ("The logger is already frozen").
        preserveStaticLogger: true);
        return builder;
    }

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        // Global filters, not page conventions: a convention filter is applied after a page's own attributes and so
        // overrode the error page's [IgnoreAntiforgeryToken] — the error page re-executed for a refused form was itself
        // refused, and the user got an empty 400.
        // A version not yet published is rendered by the public disclosure page itself (same layout, tables and PDF),
        // at a workspace address that is never cached and that answers 404 to whoever may not read it.
        builder.Services.AddRazorPages(o => o.Conventions.AddPageRoute("/Disclosures/Show", "staff/versions/{draftId:int}/draft/{handler?}")).AddMvcOptions(o =>
        {
            o.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute());
            o.Filters.Add(new AntiforgeryFailureMarker());
        });
        builder.Services.AddProblemDetails();

        // Chinese text is written as characters, not as &#x...; entities (pages a third of the size, readable source).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.WriteIndented = false;
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddRouting(o => o.LowercaseUrls = true);
        builder.AddPortalCaching();
        builder.AddPortalIdentity();
        builder.AddPortalAdministration();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "预决算公开平台开放数据接口";
            document.Info.Description = "部门预算和决算的公开表格、勾稽关系检查结果、搜索和批量下载。所有数据均为已公开的内容，无需登录；金额为精确十进制数，单位以各表标注为准。";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // First: everything after it (logging, throttling, cookies, HSTS) sees the client and scheme the proxy saw.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS responses only (so never on plain-HTTP loopback runs).
            app.UseHsts();
        }

        // The portal's configured logger (levels and sinks of Serilog:*), not the static bootstrap logger, which the
        // middleware uses when given none: that one writes every request to the console at Information whatever the
        // configuration says (decision 0460).
        app.UseSerilogRequestLogging(o => o.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
            await next();
        });
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseFirstSignIn();
        app.UseAuthorization();
        app.UsePortalCaching();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = HealthResponse.WriteAsync,
        });
        return app;
    }
}

internal sealed class DatabaseHealthCheck(PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("数据库连接正常")
                : HealthCheckResult.Unhealthy("无法连接数据库");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("无法连接数据库", ex);
        }
    }
}

internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}

/// <summary>
/// Marks a request refused for a missing or stale antiforgery token, so that the error page re-executed for its 400
/// explains that the form expired instead of a bare "bad request".
/// </summary>
internal sealed class AntiforgeryFailureMarker : Microsoft.AspNetCore.Mvc.Filters.IAlwaysRunResultFilter
{
    public void OnResultExecuting(Microsoft.AspNetCore.Mvc.Filters.ResultExecutingContext context)
    {
        if (context.Result is Microsoft.AspNetCore.Mvc.Core.Infrastructure.IAntiforgeryValidationFailedResult)
        {
            context.HttpContext.Items[BudgetPortal.Web.Pages.ErrorModel.AntiforgeryFailed] = true;
        }
    }

    public void OnResultExecuted(Microsoft.AspNetCore.Mvc.Filters.ResultExecutedContext context)
    {
    }
}
