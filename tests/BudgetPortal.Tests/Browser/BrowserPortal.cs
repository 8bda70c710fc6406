using System.Net;
using System.Net.Sockets;
using BudgetPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// The real portal on Kestrel on a free loopback port (its own database, demo accounts on) and Debian's Chromium
/// driven by Playwright (<c>npx playwright install</c> cannot download browsers here; scripts/install-deps.sh installs
/// the chromium package). One browser per test class.
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime, IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly KestrelFactory _factory = new();
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public PortalAppFactory Factory => _factory;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"浏览器测试需要 Debian 的 chromium（{ChromiumPath}）：请先运行 scripts/install-deps.sh。");
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _factory.UseKestrel(port);
        _factory.StartServer();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class KestrelFactory : PortalAppFactory
    {
        protected override bool DemoAccounts => true;
    }
}
