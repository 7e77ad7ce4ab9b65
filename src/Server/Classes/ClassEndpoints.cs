using System.Security.Claims;
using BackpropServer.Server.Classes.Components;
using BackpropServer.Server.Data;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Shared;
using BackpropServer.Server.Teachers;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackpropServer.Server.Classes;

public static class ClassEndpoints
{
    public static IServiceCollection AddClasses(this IServiceCollection services)
    {
        services.AddSingleton<ClassService>();
        services.AddSingleton<ClassNotifier>();
        return services;
    }

    /// <summary>
    /// Teachers' classes and dashboards (their own only: another teacher's class is a 404), CSV exports, the dashboard
    /// hub, and the students' join page.
    /// </summary>
    public static IEndpointRouteBuilder MapClasses(this IEndpointRouteBuilder app)
    {
        var classes = app.MapGroup("/classes").ExcludeFromDescription().RequireAuthorization(TeacherServices.TeacherPolicy);
        classes.MapGet("/", ListAsync);
        classes.MapPost("/", CreateAsync);
        classes.MapGet("/{id:guid}", DashboardAsync);
        classes.MapPost("/{id:guid}/open", (Guid id, IFormCollection form, HttpContext context, ClassService service) =>
            BackToClassAsync(context, id, service.SetOpenAsync(Teacher(context), id, form["open"] == "true", context.RequestAborted)));
        classes.MapPost("/{id:guid}/rotate", (Guid id, IFormCollection form, HttpContext context, ClassService service) =>
            BackToClassAsync(context, id, service.RotateCodeAsync(Teacher(context), id, context.RequestAborted)));
        classes.MapPost("/{id:guid}/delete", DeleteAsync);
        classes.MapPost("/{id:guid}/students/{student:guid}/delete", (Guid id, Guid student, IFormCollection form, HttpContext context, ClassService service) =>
            BackToClassAsync(context, id, service.DeleteStudentAsync(Teacher(context), id, student, context.RequestAborted)));
        classes.MapGet("/{id:guid}/roster.csv", (Guid id, HttpContext context, AppDbContext db) => CsvAsync(context, db, id, "roster", ClassCsv.Roster));
        classes.MapGet("/{id:guid}/questions.csv", (Guid id, HttpContext context, AppDbContext db) => CsvAsync(context, db, id, "questions", ClassCsv.Questions));

        app.MapHub<ClassHub>(ClassHub.Path);

        app.MapGet("/join", (HttpContext context) => SiteShell.Render<JoinPage>(context, new { Form = FormView.For(context) })).ExcludeFromDescription();
        app.MapPost("/join", JoinAsync).ExcludeFromDescription().RequireRateLimiting(TeacherServices.JoinLimit);
        return app;
    }

    private static string Teacher(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static async Task<RazorComponentResult> ListAsync(HttpContext context, ClassService service) =>
        SiteShell.Render<ClassesPage>(context, new { Form = FormView.For(context), Classes = await service.ListAsync(Teacher(context), context.RequestAborted).ConfigureAwait(false) });

    private static async Task<Results<SeeOther, RazorComponentResult>> CreateAsync(HttpContext context, IFormCollection form, ClassService service)
    {
        string name = ClassService.CleanName(form["name"]);
        if (name.Length is 0 or > 100)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return SiteShell.Render<ClassesPage>(context, new
            {
                Form = FormView.For(context) with
                {
                    Values = new Dictionary<string, string> { ["name"] = form["name"].ToString() },
                    Errors = new Dictionary<string, string[]> { ["name"] = ["Give the class a name of 1 to 100 characters."] },
                },
                Classes = await service.ListAsync(Teacher(context), context.RequestAborted).ConfigureAwait(false),
            });
        }
        var created = await service.CreateAsync(Teacher(context), name, context.RequestAborted).ConfigureAwait(false);
        return new SeeOther($"{context.Request.PathBase}/classes/{created.Id}");
    }

    private static async Task<Results<RazorComponentResult, NotFound>> DashboardAsync(Guid id, HttpContext context, AppDbContext db)
    {
        var dashboard = await ClassDashboard.ReadAsync(db, Teacher(context), id, context.RequestAborted).ConfigureAwait(false);
        if (dashboard is null)
        {
            return TypedResults.NotFound();
        }
        var form = FormView.For(context);
        return context.Request.IsHtmx()
            ? SiteShell.Render<DashboardPanel>(context, new { Dashboard = dashboard, Form = form })
            : SiteShell.Render<ClassPage>(context, new { Dashboard = dashboard, Form = form });
    }

    private static async Task<Results<SeeOther, NotFound, RazorComponentResult>> DeleteAsync(
        Guid id, IFormCollection form, HttpContext context, ClassService service, AppDbContext db)
    {
        if (form["confirm"] != "yes")
        {
            var dashboard = await ClassDashboard.ReadAsync(db, Teacher(context), id, context.RequestAborted).ConfigureAwait(false);
            if (dashboard is null)
            {
                return TypedResults.NotFound();
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return SiteShell.Render<ClassPage>(context, new
            {
                Dashboard = dashboard,
                Form = FormView.For(context) with { Message = "Nothing was deleted: tick the box to confirm that the class and all its results should go." },
            });
        }
        return await service.DeleteAsync(Teacher(context), id, context.RequestAborted).ConfigureAwait(false)
            ? new SeeOther($"{context.Request.PathBase}/classes")
            : TypedResults.NotFound();
    }

    private static async Task<Results<SeeOther, NotFound>> BackToClassAsync(HttpContext context, Guid id, Task<bool> change) =>
        await change.ConfigureAwait(false) ? new SeeOther($"{context.Request.PathBase}/classes/{id}") : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> CsvAsync(HttpContext context, AppDbContext db, Guid id, string what, Func<ClassDashboard, byte[]> write)
    {
        var dashboard = await ClassDashboard.ReadAsync(db, Teacher(context), id, context.RequestAborted).ConfigureAwait(false);
        if (dashboard is null)
        {
            return TypedResults.NotFound();
        }
        string file = $"{new string(dashboard.Class.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray())}-{what}.csv";
        return TypedResults.File(write(dashboard), "text/csv; charset=utf-8", file);
    }

    private static async Task<RazorComponentResult> JoinAsync(HttpContext context, IFormCollection form, ClassService service)
    {
        var outcome = await service.JoinAsync(form["code"].ToString(), form["displayName"].ToString(), SessionCookie.GetOrIssue(context), context.RequestAborted).ConfigureAwait(false);
        if (outcome.Success)
        {
            return SiteShell.Render<JoinPage>(context, new { Form = FormView.For(context), Joined = $"You are in {outcome.ClassName} as {outcome.DisplayName}." });
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return SiteShell.Render<JoinPage>(context, new
        {
            Form = FormView.For(context) with
            {
                Values = new Dictionary<string, string> { ["code"] = form["code"].ToString(), ["displayName"] = form["displayName"].ToString() },
                Errors = outcome.Errors!,
            },
        });
    }
}
