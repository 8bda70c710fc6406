using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BudgetPortal.Tests.Web;

/// <summary>Settings are validated when the host starts, not when a request first needs them.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Portal:OutputCacheBytes", "0", "OutputCacheBytes")]
    [InlineData("Portal:DataPath", "", "DataPath")]
    [InlineData("Portal:SyntheticDisclosures", "-1", "SyntheticDisclosures")]
    [InlineData("Portal:Proxy:KnownNetworks:0", "not-a-network", "KnownNetworks")]
    [InlineData("Portal:SignIn:Window", "00:00:00", "Window")]
    [InlineData("Portal:Import:MaxConcurrent", "0", "MaxConcurrent")]
    public void ABadSettingStopsTheStartAndNamesTheSetting(string key, string value, string name)
    {
        // No database is reached: validation runs before any hosted service starts.
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("ConnectionStrings:Portal", "Host=127.0.0.1;Port=1;Database=unreachable;Timeout=1");
            b.UseSetting(key, value);
        });

        var error = Should.Throw<Exception>(() => factory.Server);
        error.ToString().ShouldContain(name);
    }
}
