using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

/// <summary>Optional TOTP two-factor sign-in: enabled with a code from the shared key, then required at sign-in.</summary>
public sealed class TwoFactorTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    /// <summary>RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), as an authenticator app computes it from the base32 key.</summary>
    private static string Totp(string base32Key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.ToUpperInvariant().Where(c => c != ' ' && c != '=').Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; this computes what the authenticator app computes.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (code % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task EnablingTwoFactorMakesSignInAskForTheCode()
    {
        const string email = "reviewer.henan@demo.budgetportal";
        var session = await StaffSession.SignInAsync(factory, email);
        var setup = new HtmlParser().ParseDocument(await session.Client.GetStringAsync("/account/two-factor"));
        var key = setup.QuerySelector("code.shared-key")!.TextContent;

        var enabled = await session.PostFormAsync("/account/two-factor", "Enable", new() { ["Code"] = Totp(key) });
        (await enabled.Content.ReadAsStringAsync()).ShouldContain("两步验证已启用");

        var fresh = new StaffSession(factory.CreateClient());
        var step1 = await fresh.PostFormAsync("/account/login", null, new() { ["Input.Email"] = email, ["Input.Password"] = StaffSession.Password });
        step1.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/login-2fa");
        var wrong = await fresh.PostFormAsync("/account/login-2fa", null, new() { ["Code"] = "000000" });
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("验证码不正确");
        var step2 = await fresh.PostFormAsync("/account/login-2fa", null, new() { ["Code"] = Totp(key) });
        step2.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/staff");
    }
}
