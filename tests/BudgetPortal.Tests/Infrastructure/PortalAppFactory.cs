using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// The portal on its own fresh database (one per test class), migrated and filled with the reference disclosures by
/// the app's own start-up, exactly as the embedded demo run does.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString = TestDatabaseServer.CreateDatabase("portal_test");

    public string ConnectionString => _connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", _connectionString);
        builder.UseSetting("Portal:SeedReferenceData", "true");
    }
}
