using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// Password sign-in that answers an unknown account exactly as a wrong password: the same message, and the same
/// work — one password-hash verification (against a dummy hash when there is no account), so that neither the answer
/// nor the time it takes tells whether an address has an account. Throttled by <see cref="SignInThrottle"/>.
/// </summary>
public sealed class PasswordSignIn(SignInManager<PortalUser> signIn, IPasswordHasher<PortalUser> hasher, SignInThrottle throttle)
{
    public const string WrongCredentials = "邮箱或密码不正确。";

    private static readonly PortalUser Nobody = new() { DisplayName = "" };

    // A hash in the hasher's own format and cost, of a password nobody has.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<PortalUser>().HashPassword(Nobody, Guid.NewGuid().ToString()));

    public enum Outcome
    {
        SignedIn,
        RequiresTwoFactor,
        Refused,
        Throttled,
    }

    public async Task<Outcome> SignInAsync(string email, string password, string client)
    {
        if (throttle.IsBlocked(client, email))
        {
            return Outcome.Throttled;
        }

        var user = await signIn.UserManager.FindByEmailAsync(email);
        SignInResult result;
        if (user is null)
        {
            hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
            result = SignInResult.Failed;
        }
        else
        {
            // No lockout on failure: the throttle limits guessing without letting a stranger lock the owner out.
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        }

        if (result.Succeeded || result.RequiresTwoFactor)
        {
            throttle.Succeeded(email);
            return result.Succeeded ? Outcome.SignedIn : Outcome.RequiresTwoFactor;
        }

        throttle.Failed(client, email);
        return Outcome.Refused;
    }
}
