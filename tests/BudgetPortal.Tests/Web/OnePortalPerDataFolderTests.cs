using System.Diagnostics;
using System.Net;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BudgetPortal.Tests.Web;

/// <summary>Two portals started on one data folder (the embedded database): the second is refused and changes nothing.</summary>
public sealed class OnePortalPerDataFolderTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"bp-folder-{Guid.NewGuid():N}");

    private sealed class EmbeddedPortal(string dataPath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Portal:DataPath", dataPath);
            builder.UseSetting("Portal:SeedReferenceData", "false");
            builder.UseSetting("Portal:DemoAccounts", "false");
        }
    }

    [Fact]
    public async Task ASecondPortalOnTheSameDataFolderIsRefusedInChineseAndTheFirstKeepsServing()
    {
        using var first = new EmbeddedPortal(_dataPath);
        var client = first.CreateClient();
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var postmaster = File.ReadLines(Path.Combine(_dataPath, "pg", "postmaster.pid")).First();

        // The second portal is a real process of the app, as an operator would start it.
        var second = await PortalProcess.RunAsync($"--Portal:DataPath={_dataPath}", "--Portal:SeedReferenceData=false", "--urls=http://127.0.0.1:0");

        second.ExitCode.ShouldBe(3, second.Output);
        second.Output.ShouldContain("同一数据目录同一时间只能运行一个门户进程");
        File.ReadLines(Path.Combine(_dataPath, "pg", "postmaster.pid")).First().ShouldBe(postmaster);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose()
    {
        foreach (var pid in ServerProcesses.InFolder(Path.Combine(_dataPath, "pg")))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
