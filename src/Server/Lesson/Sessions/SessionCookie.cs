using System.Buffers.Text;
using System.Security.Cryptography;

namespace BackpropServer.Server.Lesson.Sessions;

/// <summary>
/// The cookie that ties a browser to its network, its quiz attempts and its class: 128 random bits, HttpOnly,
/// SameSite=Lax, and Secure whenever the request came over HTTPS (a school's plain-HTTP install on its own network
/// must still work).
/// </summary>
public static class SessionCookie
{
    public const string Name = "bp_session";
    private const int IdBytes = 16;

    /// <summary>The request's session id, issuing a new cookie when it has none (or a malformed one).</summary>
    public static string GetOrIssue(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (TryRead(context.Request, out var id))
        {
            return id;
        }
        if (context.Items[Name] is string issued)
        {
            return issued;
        }
        id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        context.Items[Name] = id;
        context.Response.Cookies.Append(Name, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            // Kept for half a year: it is also how a device stays in its class and finds its quiz attempts again.
            MaxAge = TimeSpan.FromDays(180),
            Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
            IsEssential = true,
        });
        return id;
    }

    public static bool TryRead(HttpRequest request, out string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        id = request.Cookies[Name] ?? "";
        return IsWellFormed(id);
    }

    private static bool IsWellFormed(string id) =>
        id.Length == Base64Url.GetEncodedLength(IdBytes) && Base64Url.IsValid(id, out int decoded) && decoded == IdBytes;
}
