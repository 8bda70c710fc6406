using System.Text.Json;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// axe-core (WCAG 2.1 A/AA rules) on the main public pages in Chromium: no serious or critical violation; the skip
/// link is the first stop of the keyboard and moves to the main content; screenshots at phone and desktop widths.
/// </summary>
public sealed class AccessibilityBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private static readonly string AxeScript = File.ReadAllText(Path.Combine(AxeFolder(), "axe.min.js"));

    private static string AxeFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "BudgetPortal.Tests", "Browser", "npm", "node_modules", "axe-core");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("找不到 axe-core：请先运行 scripts/install-deps.sh（npm ci tests/BudgetPortal.Tests/Browser/npm）。");
    }

    public static TheoryData<string, int> Pages() => new()
    {
        { "/", 1280 }, { "/", 390 },
        { "/departments/1", 1280 }, { "/departments/1", 390 },
        { "/disclosures/fushun-2023-final", 1280 }, { "/disclosures/fushun-2023-final", 390 },
        { "/disclosures/lushi-2023-budget?table=3", 1280 },
        { "/disclosures/anshan-2025-budget/checks", 1280 },
        { "/search?q=" + "卢氏", 390 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task NoSeriousOrCriticalViolations(string path, int width)
    {
        var context = await portal.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            BypassCSP = true,
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        (await page.GotoAsync(portal.BaseUrl + path))!.Status.ShouldBe(200);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript });

        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }); " +
            "return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); }");

        result.EnumerateArray().Select(v => v.GetString()).ShouldBeEmpty($"{path} at {width}px");
        var name = path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-');
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/budgetportal-{(name.Length == 0 ? "home" : name[..Math.Min(name.Length, 40)])}-{width}.png", FullPage = true });
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheSkipLinkIsTheFirstTabStopAndMovesToTheMainContent()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/disclosures/liaoning-2023-budget");

        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).ShouldBe("跳到正文");
        await page.Keyboard.PressAsync("Enter");

        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("main");
    }
}
