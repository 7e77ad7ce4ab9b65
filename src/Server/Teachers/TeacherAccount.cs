using Microsoft.AspNetCore.Identity;

namespace BackpropServer.Server.Teachers;

/// <summary>A teacher's account: ASP.NET Core Identity's user, with the name their classes see.</summary>
public sealed class TeacherAccount : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
