using BudgetPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>Two instances of the portal on one database: what one protects (sign-in cookies), the other can read.</summary>
public sealed class SharedInstanceTests(PortalAppFactory first) : IClassFixture<PortalAppFactory>
{
    private sealed class SecondInstance(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Portal", connectionString);
        }
    }

    [Fact]
    public void DataProtectionKeysAreSharedThroughTheDatabase()
    {
        using var second = new SecondInstance(first.ConnectionString);
        var purpose = "BudgetPortal.Tests";

        var token = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("签名测试");

        second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(token).ShouldBe("签名测试");
    }
}
