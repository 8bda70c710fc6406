using BudgetPortal.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace BudgetPortal.Web.Staff;

/// <summary>
/// Refuses passwords that are easy to guess whatever their length: one of the most common passwords
/// (<c>data/passwords/common-passwords.txt</c>, see its README for source and licence), or one of them followed by
/// digits or punctuation (password12, qwerty2025!); and passwords made of three or fewer distinct characters
/// (1111111111, abcabcabca) or of one straight run (1234567890, abcdefghij, 0987654321).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    public static readonly string ListFile = Path.Combine(AppContext.BaseDirectory, "Passwords", "common-passwords.txt");

    private static readonly Lazy<HashSet<string>> Common = new(() =>
        File.ReadLines(ListFile).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal));

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        var lower = (password ?? "").ToLowerInvariant();
        if (IsCommon(lower))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "这个密码太常见，很容易被猜中，请换一个。",
            }));
        }

        if (IsRepetitive(lower))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordRepetitive",
                Description = "密码不能只由几个字符重复或按顺序排列组成（如 1111111111、abcabcabca、1234567890），请换一个。",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string lower)
    {
        var stem = lower.TrimEnd("0123456789!@#$%^&*.-_+=?~ ".ToCharArray());
        return Common.Value.Contains(lower) || (stem.Length >= 4 && Common.Value.Contains(stem));
    }

    public static bool IsRepetitive(string lower)
    {
        if (lower.Distinct().Count() <= 3)
        {
            return true;
        }

        var steps = lower.Zip(lower.Skip(1), Step).Distinct().ToList();
        return steps.Count == 1 && steps[0] is 1 or -1;
    }

    /// <summary>From one character to the next; among digits 9 → 0 continues a run, as on a keyboard's number row.</summary>
    private static int Step(char a, char b) =>
        char.IsAsciiDigit(a) && char.IsAsciiDigit(b) ? ((b - a + 10) % 10) switch { 9 => -1, var d => d } : b - a;
}
