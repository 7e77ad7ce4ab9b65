using System.ComponentModel.DataAnnotations;
using BackpropServer.Server.Shared;
using BackpropServer.Server.Teachers.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackpropServer.Server.Teachers;

/// <summary>Register, sign in, sign out, change password, and the administrator's account list. Plain forms, full pages.</summary>
public static class TeacherEndpoints
{
    public static IEndpointRouteBuilder MapTeachers(this IEndpointRouteBuilder app)
    {
        var teachers = app.MapGroup("/teachers").ExcludeFromDescription();
        teachers.MapGet("/register", (HttpContext context, IOptions<TeacherOptions> options) =>
            SiteShell.Render<RegisterPage>(context, new { Form = FormView.For(context), Open = options.Value.OpenRegistration }));
        teachers.MapPost("/register", RegisterAsync);
        teachers.MapGet("/sign-in", (HttpContext context, IOptions<TeacherOptions> options, string? returnUrl) =>
            SiteShell.Render<SignInPage>(context, new
            {
                Form = FormView.For(context) with { Values = new Dictionary<string, string> { ["returnUrl"] = returnUrl ?? "" } },
                RegistrationOpen = options.Value.OpenRegistration,
            }));
        teachers.MapPost("/sign-in", SignInAsync).RequireRateLimiting(TeacherServices.SignInLimit);
        teachers.MapPost("/sign-out", SignOutAsync);

        var signedIn = teachers.MapGroup("").RequireAuthorization(TeacherServices.TeacherPolicy);
        signedIn.MapGet("/password", (HttpContext context) => SiteShell.Render<PasswordPage>(context, new { Form = FormView.For(context) }));
        signedIn.MapPost("/password", ChangePasswordAsync);

        var admin = teachers.MapGroup("/admin").RequireAuthorization(TeacherServices.AdminPolicy);
        admin.MapGet("/", async (HttpContext context, UserManager<TeacherAccount> users) =>
            SiteShell.Render<AdminPage>(context, new { Form = FormView.For(context), Teachers = await AllAsync(users).ConfigureAwait(false) }));
        admin.MapPost("/", CreateTeacherAsync);
        return app;
    }

    private static async Task<Results<SeeOther, RazorComponentResult, NotFound>> RegisterAsync(
        HttpContext context, IFormCollection form, UserManager<TeacherAccount> users, SignInManager<TeacherAccount> signIn, IOptions<TeacherOptions> options)
    {
        if (!options.Value.OpenRegistration)
        {
            return TypedResults.NotFound();
        }
        var values = Values(form, "displayName", "email");
        var errors = CheckNewAccount(values, form["password"].ToString(), form["confirmPassword"].ToString());
        if (errors.Count == 0)
        {
            var account = new TeacherAccount { UserName = values["email"], Email = values["email"], DisplayName = values["displayName"] };
            var created = await users.CreateAsync(account, form["password"].ToString()).ConfigureAwait(false);
            if (created.Succeeded)
            {
                await signIn.SignInAsync(account, isPersistent: true).ConfigureAwait(false);
                return new SeeOther($"{context.Request.PathBase}/classes");
            }
            AddIdentityErrors(errors, created);
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return SiteShell.Render<RegisterPage>(context, new { Form = FormView.For(context) with { Values = values, Errors = errors }, Open = true });
    }

    private static async Task<Results<SeeOther, RazorComponentResult>> SignInAsync(
        HttpContext context, IFormCollection form, SignInManager<TeacherAccount> signIn, IOptions<TeacherOptions> options)
    {
        var values = Values(form, "email", "returnUrl");
        var result = await signIn.PasswordSignInAsync(values["email"], form["password"].ToString(), isPersistent: true, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.Succeeded)
        {
            string target = IsLocal(values["returnUrl"]) ? values["returnUrl"] : "/classes";
            return new SeeOther($"{context.Request.PathBase}{target}");
        }
        // One message for a wrong email and a wrong password, so the form does not reveal who has an account.
        string message = result.IsLockedOut
            ? "Too many wrong passwords: this account is locked for 15 minutes. Try again later."
            : "That email and password do not match an account.";
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return SiteShell.Render<SignInPage>(context, new
        {
            Form = FormView.For(context) with { Values = values, Message = message },
            RegistrationOpen = options.Value.OpenRegistration,
        });
    }

    private static async Task<SeeOther> SignOutAsync(HttpContext context, IFormCollection form, SignInManager<TeacherAccount> signIn)
    {
        await signIn.SignOutAsync().ConfigureAwait(false);
        return new SeeOther($"{context.Request.PathBase}/");
    }

    private static async Task<RazorComponentResult> ChangePasswordAsync(
        HttpContext context, IFormCollection form, UserManager<TeacherAccount> users, SignInManager<TeacherAccount> signIn)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string next = form["newPassword"].ToString();
        if (next != form["confirmPassword"].ToString())
        {
            errors["confirmPassword"] = ["The two new passwords are not the same."];
        }
        var account = await users.GetUserAsync(context.User).ConfigureAwait(false);
        if (errors.Count == 0 && account is not null)
        {
            var changed = await users.ChangePasswordAsync(account, form["currentPassword"].ToString(), next).ConfigureAwait(false);
            if (changed.Succeeded)
            {
                await signIn.RefreshSignInAsync(account).ConfigureAwait(false);
                return SiteShell.Render<PasswordPage>(context, new { Form = FormView.For(context), Done = true });
            }
            foreach (var error in changed.Errors)
            {
                string field = error.Code == "PasswordMismatch" ? "currentPassword" : "newPassword";
                errors[field] = [.. errors.GetValueOrDefault(field, []), error.Code == "PasswordMismatch" ? "That is not your current password." : error.Description];
            }
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return SiteShell.Render<PasswordPage>(context, new { Form = FormView.For(context) with { Errors = errors } });
    }

    private static async Task<RazorComponentResult> CreateTeacherAsync(HttpContext context, IFormCollection form, UserManager<TeacherAccount> users)
    {
        var values = Values(form, "displayName", "email");
        string password = form["password"].ToString();
        var errors = CheckNewAccount(values, password, password);
        if (errors.Count == 0)
        {
            var account = new TeacherAccount { UserName = values["email"], Email = values["email"], DisplayName = values["displayName"] };
            var created = await users.CreateAsync(account, password).ConfigureAwait(false);
            if (created.Succeeded)
            {
                return SiteShell.Render<AdminPage>(context, new { Form = FormView.For(context), Teachers = await AllAsync(users).ConfigureAwait(false), Created = account.Email });
            }
            AddIdentityErrors(errors, created);
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return SiteShell.Render<AdminPage>(context, new { Form = FormView.For(context) with { Values = values, Errors = errors }, Teachers = await AllAsync(users).ConfigureAwait(false) });
    }

    private static Dictionary<string, string[]> CheckNewAccount(IReadOnlyDictionary<string, string> values, string password, string confirm)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (values["displayName"].Length is 0 or > 100)
        {
            errors["displayName"] = ["Give a name of 1 to 100 characters."];
        }
        if (!new EmailAddressAttribute().IsValid(values["email"]) || values["email"].Length == 0)
        {
            errors["email"] = ["Give a valid email address."];
        }
        if (password != confirm)
        {
            errors["confirmPassword"] = ["The two passwords are not the same."];
        }
        return errors;
    }

    private static void AddIdentityErrors(Dictionary<string, string[]> errors, IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            string field = error.Code.Contains("Password", StringComparison.Ordinal) ? "password"
                : error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "displayName";
            string message = error.Code is "DuplicateEmail" or "DuplicateUserName" ? "There is already an account with this email." : error.Description;
            errors[field] = [.. errors.GetValueOrDefault(field, []).Append(message).Distinct()];
        }
    }

    private static Dictionary<string, string> Values(IFormCollection form, params string[] fields) =>
        fields.ToDictionary(f => f, f => form[f].ToString().Trim(), StringComparer.Ordinal);

    private static bool IsLocal(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<TeacherAccount>> AllAsync(UserManager<TeacherAccount> users) =>
        await users.Users.OrderBy(u => u.Email).ToListAsync().ConfigureAwait(false);
}
