using System.Globalization;
using System.Threading.RateLimiting;
using BackpropServer.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackpropServer.Server.Teachers;

public static class TeacherServices
{
    public const string AdminRole = "Admin";
    public const string TeacherPolicy = "Teacher";
    public const string AdminPolicy = "Admin";
    public const string SignInLimit = "sign-in";
    public const string JoinLimit = "join";

    /// <summary>Identity with its EF stores in the app's database, cookie sign-in, the password and lockout rules, and rate limits.</summary>
    public static IServiceCollection AddTeachers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeacherOptions>()
            .Bind(configuration.GetSection(TeacherOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.AdminEmail) == string.IsNullOrWhiteSpace(o.AdminPassword),
                "Teachers:AdminEmail and Teachers:AdminPassword are set together, or neither.")
            .Validate(o => string.IsNullOrWhiteSpace(o.AdminEmail) || new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(o.AdminEmail),
                "Teachers:AdminEmail must be an email address.")
            .ValidateOnStart();

        services.AddIdentity<TeacherAccount, IdentityRole>(options =>
            {
                // Length over composition rules (NIST SP 800-63B): at least 10 characters, not all the same few.
                options.Password.RequiredLength = 10;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "bp_teacher";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/teachers/sign-in";
            cookie.AccessDeniedPath = "/teachers/sign-in";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            // An API call, a hub or an htmx request gets a status code, not a redirect to a sign-in page.
            cookie.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(TeacherPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(AdminRole));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInLimit, context => PerClient(context, o => o.SignInsPerMinute));
            limiter.AddPolicy(JoinLimit, context => PerClient(context, o => o.JoinsPerMinute));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many tries. Wait a minute, then try again." },
                }).ConfigureAwait(false);
            };
        });
        return services;
    }

    /// <summary>Creates the administrator named in configuration, once.</summary>
    public static async Task EnsureAdministratorAsync(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TeacherOptions>>().Value;
        if (!options.HasAdministrator)
        {
            return;
        }
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TeacherAccount>>();
        if (!await roles.RoleExistsAsync(AdminRole).ConfigureAwait(false))
        {
            Check(await roles.CreateAsync(new IdentityRole(AdminRole)).ConfigureAwait(false), "the Admin role");
        }
        var admin = await users.FindByEmailAsync(options.AdminEmail!).ConfigureAwait(false);
        if (admin is null)
        {
            admin = new TeacherAccount { UserName = options.AdminEmail, Email = options.AdminEmail, DisplayName = "Administrator" };
            Check(await users.CreateAsync(admin, options.AdminPassword!).ConfigureAwait(false), "Teachers:AdminEmail / Teachers:AdminPassword");
        }
        if (!await users.IsInRoleAsync(admin, AdminRole).ConfigureAwait(false))
        {
            Check(await users.AddToRoleAsync(admin, AdminRole).ConfigureAwait(false), "the administrator's role");
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        bool page = HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey("HX-Request")
            && !request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && !request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal);
        if (page && status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }
        return Task.CompletedTask;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<TeacherOptions, int> perMinute)
    {
        int limit = perMinute(context.RequestServices.GetRequiredService<IOptions<TeacherOptions>>().Value);
        string client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client + "/" + limit.ToString(CultureInfo.InvariantCulture), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
