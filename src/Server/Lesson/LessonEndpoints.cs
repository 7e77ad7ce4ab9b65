using BackpropServer.Server.Lesson.Components;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Shared;
using Htmx;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// The lesson page and its controls. Each form posts to one URL that answers htmx with a fragment and a plain
/// browser (no JavaScript) with a redirect back to the page, so everything works both ways.
/// </summary>
public static class LessonEndpoints
{
    public static IEndpointRouteBuilder MapLesson(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", LessonPageAsync).WithName("Lesson").ExcludeFromDescription();
        app.MapGet("/modules", (HttpContext context) => SiteShell.Render<ModulesPage>(context)).ExcludeFromDescription();

        var forms = app.MapGroup("/lesson").ExcludeFromDescription();
        forms.MapPost("/step", StepAsync);
        forms.MapPost("/play", PlayAsync);
        forms.MapPost("/reset", ResetAsync);
        forms.MapPost("/settings", SettingsAsync);

        app.MapHub<NetworkHub>(NetworkHub.Path);
        app.MapNetworkApi();
        return app;
    }

    private static async Task<RazorComponentResult> LessonPageAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer, IAntiforgery antiforgery)
    {
        var session = sessions.ForRequest(context);
        var view = await LessonView.ReadAsync(session, trainer, antiforgery, context).ConfigureAwait(false);
        return SiteShell.Render<LessonPage>(context, new { View = view });
    }

    private static async Task<Results<RazorComponentResult, SeeOther, ValidationProblem>> StepAsync(
        HttpContext context, IFormCollection form, ISessionStore sessions, NetworkTrainer trainer)
    {
        if (!int.TryParse(form["count"], out int count) || count < 1 || count > NetworkTrainer.MaxStepsPerRequest)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["count"] = [$"The step count must be a whole number from 1 to {NetworkTrainer.MaxStepsPerRequest}."],
            });
        }
        var session = sessions.ForRequest(context);
        var summary = await trainer.StepAsync(session, count, context.RequestAborted).ConfigureAwait(false);
        return context.Request.IsHtmx()
            ? SiteShell.Render<StepStatus>(context, new { Summary = summary })
            : BackToActivity(context);
    }

    private static async Task<Results<RazorComponentResult, SeeOther>> PlayAsync(
        HttpContext context, IFormCollection form, ISessionStore sessions, PlayLoop play, NetworkTrainer trainer)
    {
        var session = sessions.ForRequest(context);
        if (string.Equals(form["playing"], "true", StringComparison.OrdinalIgnoreCase))
        {
            await play.StartAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await play.StopAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        if (!context.Request.IsHtmx())
        {
            return BackToActivity(context);
        }
        var summary = await trainer.ReadAsync(session, StepSummary.Of, context.RequestAborted).ConfigureAwait(false);
        return SiteShell.Render<PlayButton>(context, new { Playing = session.Playing, Diverged = summary.Diverged });
    }

    private static async Task<Results<RazorComponentResult, SeeOther>> ResetAsync(
        HttpContext context, IFormCollection form, ISessionStore sessions, NetworkTrainer trainer, IAntiforgery antiforgery)
    {
        var session = sessions.ForRequest(context);
        int? seed = form["seed"] == "new" ? Random.Shared.Next(0, 100_000) : null;
        await trainer.ResetAsync(session, seed, context.RequestAborted).ConfigureAwait(false);
        return await ControlsOrRedirectAsync(context, session, trainer, antiforgery).ConfigureAwait(false);
    }

    private static async Task<Results<RazorComponentResult, SeeOther>> SettingsAsync(
        HttpContext context, IFormCollection form, ISessionStore sessions, NetworkTrainer trainer, IAntiforgery antiforgery)
    {
        var session = sessions.ForRequest(context);
        var current = await trainer.ReadAsync(session, s => s.Training.Config, context.RequestAborted).ConfigureAwait(false);
        var (config, errors) = SettingsForm.Parse(form, current);
        if (config is null)
        {
            // Nothing changes; the form comes back with each error next to its field.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var view = await LessonView.ReadAsync(session, trainer, antiforgery, context, errors).ConfigureAwait(false);
            return context.Request.IsHtmx()
                ? SiteShell.Render<ControlsPanel>(context, new { View = view })
                : SiteShell.Render<LessonPage>(context, new { View = view });
        }
        var outcome = await trainer.ApplySettingsAsync(session, config, context.RequestAborted).ConfigureAwait(false);
        if (outcome.Reset)
        {
            context.Response.Htmx(h => h.WithTrigger("network-reset"));
        }
        return await ControlsOrRedirectAsync(context, session, trainer, antiforgery).ConfigureAwait(false);
    }

    private static async Task<Results<RazorComponentResult, SeeOther>> ControlsOrRedirectAsync(
        HttpContext context, StudentSession session, NetworkTrainer trainer, IAntiforgery antiforgery)
    {
        if (!context.Request.IsHtmx())
        {
            return BackToActivity(context);
        }
        var view = await LessonView.ReadAsync(session, trainer, antiforgery, context).ConfigureAwait(false);
        return SiteShell.Render<ControlsPanel>(context, new { View = view });
    }

    private static SeeOther BackToActivity(HttpContext context) => new($"{context.Request.PathBase}/#activity");
}
