using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// The portal on its own fresh database: a copy of the seeded template (migrated, reference disclosures loaded, as
/// the embedded demo run leaves it; see <see cref="TestDatabaseServer.SeededTemplate"/>), started by the app's own
/// start-up. One per test class as a class fixture, or one per test where the tests write (a test class that
/// creates it in its constructor and disposes it), so that no test sees another's data.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly Lazy<string> _connectionString;
    private readonly bool? _demoAccounts;
    private bool _dropped;

    public PortalAppFactory() =>
        _connectionString = new(() => TestDatabaseServer.CreateDatabase("portal_test", TemplateDatabase));

    /// <summary>The portal on a given database (the template builder's: the start-up seeds it).</summary>
    internal PortalAppFactory(string connectionString, bool demoAccounts)
    {
        _connectionString = new(connectionString);
        _demoAccounts = demoAccounts;
    }

    public string ConnectionString => _connectionString.Value;

    /// <summary>Whether the portal has the documented demo accounts (one per role), as the embedded demo run creates them.</summary>
    protected virtual bool DemoAccounts => _demoAccounts ?? false;

    /// <summary>The template this portal's database is a copy of: the seeded one, or a test class's own (<see cref="TestDatabaseServer.DerivedTemplateAsync"/>).</summary>
    protected virtual string TemplateDatabase => TestDatabaseServer.SeededTemplate(DemoAccounts);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", ConnectionString);
        builder.UseSetting("Portal:SeedReferenceData", "true");
        builder.UseSetting("Portal:DemoAccounts", DemoAccounts ? "true" : "false");
    }

    /// <summary>Stops the portal, then drops its database (not the template builder's, which becomes the template).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_demoAccounts is null && _connectionString.IsValueCreated && !_dropped)
        {
            _dropped = true;
            await TestDatabaseServer.DropDatabaseAsync(ConnectionString);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A test class whose every test gets a portal of its own, on its own copy of the seeded database (xunit makes one
/// instance of the class per test): a test creates what it needs with the names and years the test is about, and no
/// other test sees it. Costs a database copy and a host start per test, about a second.
/// </summary>
public abstract class PortalPerTest<TFactory> : IAsyncLifetime where TFactory : PortalAppFactory, new()
{
    protected TFactory Factory { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
