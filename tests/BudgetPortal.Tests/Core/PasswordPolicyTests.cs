using BudgetPortal.Web.Hosting;
using BudgetPortal.Web.Staff;
using Microsoft.Extensions.Options;

namespace BudgetPortal.Tests.Core;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("password12")]
    [InlineData("password1")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou2025!")]
    [InlineData("Password12")]
    public void CommonPasswordsAndCommonPasswordsWithDigitsAreCommon(string password) =>
        CommonPasswordValidator.IsCommon(password.ToLowerInvariant()).ShouldBeTrue();

    [Theory]
    [InlineData("1111111111")]
    [InlineData("abcabcabca")]
    [InlineData("1212121212")]
    [InlineData("1234567890")]
    [InlineData("0987654321")]
    [InlineData("abcdefghijk")]
    public void RepetitiveOrSequentialPasswordsAreRefused(string password) =>
        CommonPasswordValidator.IsRepetitive(password).ShouldBeTrue();

    [Theory]
    [InlineData("demo-portal-2025")]
    [InlineData("ledger-walnut-4817")]
    public void OrdinaryLongPasswordsPass(string password)
    {
        CommonPasswordValidator.IsCommon(password).ShouldBeFalse();
        CommonPasswordValidator.IsRepetitive(password).ShouldBeFalse();
    }
}

public sealed class SignInThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (SignInThrottle Throttle, ManualClock Clock) Create()
    {
        var clock = new ManualClock();
        return (new SignInThrottle(clock, Options.Create(new SignInThrottleOptions { MaxFailuresPerAccount = 3, MaxFailuresPerClient = 5, Window = TimeSpan.FromMinutes(15) })), clock);
    }

    [Fact]
    public void AnAccountIsThrottledAfterItsLimitAndFreedWhenTheFailuresLeaveTheWindow()
    {
        var (throttle, clock) = Create();
        for (var i = 0; i < 3; i++)
        {
            throttle.IsBlocked("10.0.0.1", "a@x.cn").ShouldBeFalse();
            throttle.Failed("10.0.0.1", "a@x.cn");
        }

        throttle.IsBlocked("10.0.0.2", "A@X.CN").ShouldBeTrue();
        clock.Now += TimeSpan.FromMinutes(16);
        throttle.IsBlocked("10.0.0.2", "a@x.cn").ShouldBeFalse();
    }

    [Fact]
    public void AClientIsThrottledAcrossAccounts()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            throttle.Failed("10.0.0.1", $"user{i}@x.cn");
        }

        throttle.IsBlocked("10.0.0.1", "fresh@x.cn").ShouldBeTrue();
        throttle.IsBlocked("10.0.0.9", "fresh@x.cn").ShouldBeFalse();
    }

    [Fact]
    public void SuccessfulSignInsNeverCountAndClearTheAccountsFailures()
    {
        var (throttle, _) = Create();
        throttle.Failed("10.0.0.1", "a@x.cn");
        throttle.Failed("10.0.0.1", "a@x.cn");
        throttle.Succeeded("a@x.cn");
        throttle.Failed("10.0.0.1", "a@x.cn");
        throttle.Failed("10.0.0.1", "a@x.cn");

        throttle.IsBlocked("10.0.0.1", "a@x.cn").ShouldBeFalse();
    }
}
