using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Quiz.Components;
using BackpropServer.Server.Shared;
using Htmx;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BackpropServer.Server.Quiz;

public static class QuizEndpoints
{
    /// <summary>A quiz form is a few hundred bytes; anything past this is not one.</summary>
    public const long MaxFormBytes = 16 * 1024;

    public static IServiceCollection AddQuiz(this IServiceCollection services)
    {
        services.AddSingleton<QuizService>();
        return services;
    }

    /// <summary>The quiz page and its forms (htmx fragments or full pages), and the same actions as a JSON API.</summary>
    public static IEndpointRouteBuilder MapQuiz(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/quiz").ExcludeFromDescription().WithMetadata(new RequestSizeLimitAttribute(MaxFormBytes));
        pages.MapGet("/", QuizPageAsync);
        pages.MapPost("/submit", SubmitAsync);
        pages.MapPost("/attempts", StartAsync);
        pages.MapGet("/attempts/{number:int}", AttemptPageAsync);
        app.MapQuizApi();
        return app;
    }

    private static async Task<RazorComponentResult> QuizPageAsync(HttpContext context, QuizService quiz, IAntiforgery antiforgery)
    {
        var view = await QuizView.ReadAsync(quiz, SessionCookie.GetOrIssue(context), antiforgery, context).ConfigureAwait(false);
        return SiteShell.Render<QuizPage>(context, new { View = view });
    }

    // Binding the form makes the antiforgery middleware's check apply: a missing or wrong token is a 400.
    private static async Task<Results<RazorComponentResult, SeeOther, ProblemHttpResult>> SubmitAsync(
        HttpContext context, IFormCollection form, QuizService quiz, IAntiforgery antiforgery)
    {
        if (context.Request.ContentLength > MaxFormBytes)
        {
            return TooLarge();
        }
        string studentId = SessionCookie.GetOrIssue(context);
        var fields = form.Keys
            .Where(k => k is not "attemptToken" && k != antiforgery.GetAndStoreTokens(context).FormFieldName)
            .ToDictionary(k => k, k => form[k].Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
        var outcome = await quiz.SubmitAsync(studentId, form["attemptToken"].ToString(), fields, context.RequestAborted).ConfigureAwait(false);

        if (outcome.Result is { } result)
        {
            if (!context.Request.IsHtmx())
            {
                return new SeeOther($"{context.Request.PathBase}/quiz/attempts/{result.Number}");
            }
            var done = await QuizView.ReadAsync(quiz, studentId, antiforgery, context, result: result).ConfigureAwait(false);
            return SiteShell.Render<QuizResultPanel>(context, new { View = done with { AlreadySubmitted = outcome.AlreadySubmitted }, OutOfBand = true });
        }

        // Nothing was stored: the form comes back with what the student entered and each problem by its question.
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var view = await QuizView.ReadAsync(quiz, studentId, antiforgery, context).ConfigureAwait(false);
        view = view with { Errors = outcome.Errors!, Given = fields };
        return context.Request.IsHtmx()
            ? SiteShell.Render<QuizForm>(context, new { View = view })
            : SiteShell.Render<QuizPage>(context, new { View = view });
    }

    private static async Task<Results<RazorComponentResult, SeeOther>> StartAsync(HttpContext context, IFormCollection form, QuizService quiz, IAntiforgery antiforgery)
    {
        string studentId = SessionCookie.GetOrIssue(context);
        var attempt = await quiz.StartAttemptAsync(studentId, context.RequestAborted).ConfigureAwait(false);
        if (!context.Request.IsHtmx())
        {
            return new SeeOther($"{context.Request.PathBase}/quiz");
        }
        var view = await QuizView.ReadAsync(quiz, studentId, antiforgery, context, attempt).ConfigureAwait(false);
        return SiteShell.Render<QuizForm>(context, new { View = view });
    }

    private static async Task<Results<RazorComponentResult, NotFound>> AttemptPageAsync(int number, HttpContext context, QuizService quiz, IAntiforgery antiforgery)
    {
        string studentId = SessionCookie.GetOrIssue(context);
        var result = await quiz.ResultAsync(studentId, number, context.RequestAborted).ConfigureAwait(false);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        var view = await QuizView.ReadAsync(quiz, studentId, antiforgery, context, result: result).ConfigureAwait(false);
        return SiteShell.Render<QuizPage>(context, new { View = view });
    }

    internal static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The submission is too large.",
            detail: $"A quiz submission is at most {MaxFormBytes / 1024} KB.");
}
