using System.Text.Json;
using BackpropServer.Engine.Training;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.Antiforgery;

namespace BackpropServer.Server.Lesson;

/// <summary>What the lesson page and its controls are rendered from.</summary>
public sealed record LessonView(
    NetworkSnapshot Snapshot,
    TrainingConfig Config,
    string? Notice,
    IReadOnlyDictionary<string, string[]> Errors,
    string AntiforgeryFieldName,
    string AntiforgeryToken,
    string HtmxHeaders)
{
    public static async Task<LessonView> ReadAsync(
        StudentSession session, NetworkTrainer trainer, IAntiforgery antiforgery, HttpContext context,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(antiforgery);
        var (snapshot, config, notice) = await trainer.ReadAsync(session, s => (NetworkSnapshot.Capture(s, withGrid: false), s.Training.Config, s.Notice), context.RequestAborted).ConfigureAwait(false);
        var tokens = antiforgery.GetAndStoreTokens(context);
        // htmx sends the token as a header on every request from inside the activity (hx-headers).
        string headers = JsonSerializer.Serialize(new Dictionary<string, string> { [tokens.HeaderName!] = tokens.RequestToken! });
        return new LessonView(snapshot, config, notice, errors ?? new Dictionary<string, string[]>(), tokens.FormFieldName, tokens.RequestToken!, headers);
    }

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
