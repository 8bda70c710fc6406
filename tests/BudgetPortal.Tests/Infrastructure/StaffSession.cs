using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>The portal with its documented demo accounts (one per role), as the embedded demo run creates them.</summary>
public sealed class StaffAppFactory : PortalAppFactory
{
    protected override bool DemoAccounts => true;
}

/// <summary>A browser-like session: its own cookies, forms posted with their antiforgery token.</summary>
public sealed partial class StaffSession(HttpClient client)
{
    public const string Password = "demo-portal-2025";

    public HttpClient Client { get; } = client;

    public static async Task<StaffSession> SignInAsync(WebApplicationFactory<Program> factory, string email, string password = Password)
    {
        var session = new StaffSession(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
        var response = await session.PostFormAsync("/account/login", null, new() { ["Input.Email"] = email, ["Input.Password"] = password });
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/staff", $"sign-in of {email} failed: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>Opens the page, takes the antiforgery token of its form, and posts the fields to the handler.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, string? handler, Dictionary<string, string> fields)
    {
        var page = await Client.GetAsync(url);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            return page;
        }

        var html = await page.Content.ReadAsStringAsync();
        var token = new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no form on {url}");
        return await PostAsync(url, handler, token, fields);
    }

    public async Task<HttpResponseMessage> PostAsync(string url, string? handler, string token, Dictionary<string, string> fields)
    {
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        var target = handler is null ? url : $"{url}?handler={handler}";
        return await Client.PostAsync(target, new FormUrlEncodedContent(body));
    }

    public async Task<string> TokenAsync(string url)
    {
        var html = await Client.GetStringAsync(url);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
