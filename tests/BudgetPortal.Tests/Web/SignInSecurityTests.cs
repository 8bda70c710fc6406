using System.Net;
using System.Text.RegularExpressions;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>The portal with its demo accounts and a password hasher that counts its verifications.</summary>
public sealed class CountingHasherAppFactory : PortalAppFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override bool DemoAccounts => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<PortalUser>>(Hasher));
    }
}

public sealed class CountingHasher : PasswordHasher<PortalUser>
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public override PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

public sealed partial class SignInSecurityTests(CountingHasherAppFactory factory) : IClassFixture<CountingHasherAppFactory>
{
    /// <summary>A client that keeps its cookies itself, so that a test can copy them to another client.</summary>
    private sealed partial class Browser(HttpClient client)
    {
        public Dictionary<string, string> Cookies { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form = null, string? forwardedProto = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            var response = await client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0)
                {
                    Cookies.Remove(pair[0]);
                }
                else
                {
                    Cookies[pair[0]] = pair[1];
                }
            }

            return response;
        }

        public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? forwardedProto = null)
        {
            var page = await SendAsync(HttpMethod.Get, url, forwardedProto: forwardedProto);
            var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
            return await SendAsync(HttpMethod.Post, url, new(fields) { ["__RequestVerificationToken"] = token }, forwardedProto);
        }

        public Task<HttpResponseMessage> SignInAsync(string email, string password, string? forwardedProto = null) =>
            PostFormAsync("/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password }, forwardedProto);

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex Token();
    }

    private Browser NewBrowser() => new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    private async Task<string> NewAccountAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@test.budgetportal";
        using var scope = factory.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StaffSeeding>().EnsureUserAsync(email, name, PortalRoles.Auditor, StaffSession.Password, null, null, CancellationToken.None);
        return email;
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        Regex.Match(await response.Content.ReadAsStringAsync(), "<p class=\"form-error\" role=\"alert\">([^<]*)</p>").Groups[1].Value;

    [Fact]
    public async Task AnUnknownAccountGetsTheSameAnswerAndTheSamePasswordHashWorkAsAWrongPassword()
    {
        var browser = NewBrowser();

        var before = factory.Hasher.Verifications;
        var unknown = await browser.SignInAsync($"nobody-{Guid.NewGuid():N}@test.budgetportal", "wrong-password-1");
        var afterUnknown = factory.Hasher.Verifications;
        var existing = await browser.SignInAsync(await NewAccountAsync("timing"), "wrong-password-1");
        var afterExisting = factory.Hasher.Verifications;

        (afterUnknown - before).ShouldBe(1);
        (afterExisting - afterUnknown).ShouldBe(1);
        unknown.StatusCode.ShouldBe(existing.StatusCode);
        (await ErrorOf(unknown)).ShouldBe("邮箱或密码不正确。");
        (await ErrorOf(existing)).ShouldBe("邮箱或密码不正确。");
    }

    [Fact]
    public async Task RepeatedFailuresAreThrottledAlikeForKnownAndUnknownAccountsWithoutLockingTheAccount()
    {
        var known = await NewAccountAsync("throttle");
        var unknown = $"nobody-{Guid.NewGuid():N}@test.budgetportal";
        var browser = NewBrowser();
        for (var i = 0; i < new SignInThrottleOptions().MaxFailuresPerAccount; i++)
        {
            (await browser.SignInAsync(known, "wrong-password-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await browser.SignInAsync(unknown, "wrong-password-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var knownThrottled = await browser.SignInAsync(known, StaffSession.Password);
        var unknownThrottled = await browser.SignInAsync(unknown, StaffSession.Password);

        knownThrottled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        unknownThrottled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await ErrorOf(knownThrottled)).ShouldBe("尝试过于频繁，请稍后再试。");
        (await ErrorOf(unknownThrottled)).ShouldBe("尝试过于频繁，请稍后再试。");

        // Another account from the same client still signs in, and the throttled account is not locked in the database.
        (await NewBrowser().SignInAsync(await NewAccountAsync("other"), StaffSession.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        (await users.IsLockedOutAsync((await users.FindByEmailAsync(known))!)).ShouldBeFalse();
    }

    [Fact]
    public async Task ACopiedCookieIsRefusedAfterItsSessionSignsOut()
    {
        var email = await NewAccountAsync("signout");
        var owner = NewBrowser();
        (await owner.SignInAsync(email, StaffSession.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var thief = NewBrowser();
        foreach (var cookie in owner.Cookies)
        {
            thief.Cookies[cookie.Key] = cookie.Value;
        }

        (await thief.SendAsync(HttpMethod.Get, "/staff")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.PostFormAsync("/account/logout", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await thief.SendAsync(HttpMethod.Get, "/staff");

        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.OriginalString.ShouldContain("/account/login");
    }

    [Fact]
    public async Task APasswordChangeEndsTheOtherSessionsButKeepsTheCurrentOne()
    {
        var email = await NewAccountAsync("password");
        var here = NewBrowser();
        var elsewhere = NewBrowser();
        await here.SignInAsync(email, StaffSession.Password);
        await elsewhere.SignInAsync(email, StaffSession.Password);
        (await elsewhere.SendAsync(HttpMethod.Get, "/staff")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var changed = await here.PostFormAsync("/account/password", new()
        {
            ["Input.Current"] = StaffSession.Password,
            ["Input.New"] = "ledger-walnut-4817",
            ["Input.Confirm"] = "ledger-walnut-4817",
        });

        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await here.SendAsync(HttpMethod.Get, "/staff")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await elsewhere.SendAsync(HttpMethod.Get, "/staff");
        other.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        other.Headers.Location!.OriginalString.ShouldContain("/account/login");
    }

    [Fact]
    public async Task TheSignInCookieIsSecureBehindAnHttpsProxyAndAlwaysHttpOnly()
    {
        var email = await NewAccountAsync("proxy");

        var proxied = await NewBrowser().SignInAsync(email, StaffSession.Password, forwardedProto: "https");
        var plain = await NewBrowser().SignInAsync(email, StaffSession.Password);

        var proxiedCookie = proxied.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("budgetportal.auth=", StringComparison.Ordinal));
        var plainCookie = plain.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("budgetportal.auth=", StringComparison.Ordinal));
        proxiedCookie.ShouldContain("secure", Case.Insensitive);
        proxiedCookie.ShouldContain("httponly", Case.Insensitive);
        proxiedCookie.ShouldContain("samesite=lax", Case.Insensitive);
        plainCookie.ShouldNotContain("secure", Case.Insensitive);
        plainCookie.ShouldContain("httponly", Case.Insensitive);
    }

    [Fact]
    public async Task ACommonPasswordIsRefusedWhenChangingIt()
    {
        var browser = NewBrowser();
        await browser.SignInAsync(await NewAccountAsync("common"), StaffSession.Password);

        var refused = await browser.PostFormAsync("/account/password", new()
        {
            ["Input.Current"] = StaffSession.Password,
            ["Input.New"] = "password12",
            ["Input.Confirm"] = "password12",
        });

        (await refused.Content.ReadAsStringAsync()).ShouldContain("这个密码太常见");
    }

    [Fact]
    public async Task AFormPostedWithoutItsTokenGetsAChinesePageSayingTheFormExpired()
    {
        var response = await NewBrowser().SendAsync(HttpMethod.Post, "/account/login", new() { ["Input.Email"] = "a@b.c", ["Input.Password"] = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("表单已失效", customMessage: response.ToString());
    }
}
