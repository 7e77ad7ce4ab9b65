using System.Security.Cryptography;

namespace BackpropServer.Server.Classes;

/// <summary>
/// Join codes a teacher can read aloud: six characters from 29 that cannot be mistaken for each other (no 0/O, 1/I/L,
/// no U/V pair), shown as "ABC-DEF". That is 29⁶ ≈ 595 million codes, drawn from a cryptographic generator; with
/// joining rate-limited per client, guessing one takes far longer than a class lasts.
/// </summary>
public static class JoinCodes
{
    public const int Length = 6;
    private const string Letters = "ABCDEFGHJKMNPQRSTWXYZ23456789";

    public static string NewCode() => RandomNumberGenerator.GetString(Letters, Length);

    /// <summary>What a student typed, made comparable: upper case, without spaces or dashes. Null if it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }
        string code = new(typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Letters.Contains(c, StringComparison.Ordinal)) ? code : null;
    }

    /// <summary>"ABC-DEF": two halves are easier to read out and to type.</summary>
    public static string Display(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == Length ? $"{code[..3]}-{code[3..]}" : code;
    }
}
