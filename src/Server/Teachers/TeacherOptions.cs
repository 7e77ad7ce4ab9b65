using System.ComponentModel.DataAnnotations;


namespace BackpropServer.Server.Teachers;

/// <summary>Teacher accounts, from the "Teachers" configuration section.</summary>
public sealed class TeacherOptions
{
    public const string Section = "Teachers";

    /// <summary>Anyone may register a teacher account (a school's own install); off for a hosted site, where an administrator creates accounts.</summary>
    public bool OpenRegistration { get; set; } = true;

    /// <summary>The first administrator, created at start if no account has this email yet (empty: none).</summary>
    public string? AdminEmail { get; set; }

    /// <summary>The first administrator's password (meets the password policy); only used to create the account.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    [Range(1, 10_000, ErrorMessage = "Teachers:SignInsPerMinute must be between 1 and 10000.")]
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Class join attempts allowed per client address per minute (codes are short, so guessing must be slow).</summary>
    [Range(1, 10_000, ErrorMessage = "Teachers:JoinsPerMinute must be between 1 and 10000.")]
    public int JoinsPerMinute { get; set; } = 20;

    public bool HasAdministrator => !string.IsNullOrWhiteSpace(AdminEmail) || !string.IsNullOrWhiteSpace(AdminPassword);
}
