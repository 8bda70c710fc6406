using BudgetPortal.Web.Api;
using BudgetPortal.Web.Hosting;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalLogging();
builder.AddPortalData();
builder.AddPortalWeb();

var app = builder.Build();
app.UsePortalPipeline();
app.MapPortalApi();
app.MapRazorPages();
await app.RunAsync();

public partial class Program;
