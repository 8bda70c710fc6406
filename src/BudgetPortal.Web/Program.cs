using BudgetPortal.Web.Api;
using BudgetPortal.Web.Exports;
using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Workbooks;
using Serilog;

if (PortalCommands.TryRun(args) is { } exitCode)
{
    return exitCode;
}

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.AddPortalData();
builder.AddPortalWeb();
builder.AddExports();
builder.AddPortalImports();
builder.AddPortalTelemetry();

var app = builder.Build();
app.UsePortalPipeline();
app.MapPortalApi();
app.MapBulkApi();
app.MapSearchApi();
app.MapFeeds();
app.MapRazorPages();
return await app.RunPortalAsync();

public partial class Program;
