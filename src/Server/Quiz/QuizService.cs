using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using BackpropServer.Server.Classes;
using BackpropServer.Server.Data;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BackpropServer.Server.Quiz;

/// <summary>
/// Starts, submits and reads quiz attempts. Writes go through the group-committing <see cref="DatabaseWriter"/>, and
/// whether an attempt is still open is checked there, so one attempt is stored exactly once however many requests
/// race. Concurrent submits of the same attempt by the same student also share one grading, so the live next-step
/// question runs its step once.
/// </summary>
public sealed class QuizService(
    IServiceScopeFactory scopes, DatabaseWriter writer, ISessionStore sessions, NetworkTrainer trainer, ClassNotifier classes, BackpropMetrics metrics,
    TimeProvider clock, ILogger<QuizService> logger)
{
    private readonly ConcurrentDictionary<(string Student, string Token), Lazy<Task<SubmitOutcome>>> _submitting = new();

    // Question set versions known to be in this app's database: looked up once, not on every new attempt.
    private readonly ConcurrentDictionary<int, bool> _storedSets = new();

    public QuestionSet Current => QuestionBank.Current;

    /// <summary>The student's open attempt, or a new one.</summary>
    public async Task<Attempt> OpenAttemptAsync(string studentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var open = await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId && a.State == AttemptState.InProgress)
            .OrderByDescending(a => a.Number).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return open ?? await StartAttemptAsync(studentId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts attempt n + 1, unless the student already has an open one, which is returned instead.</summary>
    public Task<Attempt> StartAttemptAsync(string studentId, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(async (db, ct) =>
        {
            // Attempts are numbered in order and a new one starts only when none is open, so an open attempt is the latest.
            var latest = await db.Attempts.AsNoTracking().Where(a => a.StudentId == studentId)
                .OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (latest is { State: AttemptState.InProgress })
            {
                return latest;
            }
            if (!_storedSets.ContainsKey(Current.Version))
            {
                await EnsureQuestionSetStoredAsync(db, Current, ct).ConfigureAwait(false);
            }
            int last = latest?.Number ?? 0;
            // A student in a class takes the quiz for that class: its teacher sees the attempt.
            var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.StudentId == studentId)
                .OrderByDescending(e => e.JoinedAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var attempt = new Attempt
            {
                Id = Guid.NewGuid(),
                StudentId = studentId,
                Number = last + 1,
                QuestionSetVersion = Current.Version,
                ClassroomId = enrollment?.ClassroomId,
                EnrollmentId = enrollment?.Id,
                State = AttemptState.InProgress,
                Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                StartedAt = clock.GetUtcNow().UtcDateTime,
                MaxScore = Current.Questions.Count,
            };
            db.Attempts.Add(attempt);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            _storedSets.TryAdd(Current.Version, true);
            return attempt;
        });

    /// <summary>
    /// Grades and stores a submission. A second submission of the same attempt (double click, retry, another tab)
    /// stores nothing and returns the first result.
    /// </summary>
    public async Task<SubmitOutcome> SubmitAsync(string studentId, string token, IReadOnlyDictionary<string, string[]> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var key = (studentId, token);
        // Not cancelled with the request: a submit that has started is finished and stored, and the student gets it back on retry.
        var mine = new Lazy<Task<SubmitOutcome>>(() => SubmitOnceAsync(studentId, token, fields, CancellationToken.None));
        var running = _submitting.GetOrAdd(key, mine);
        try
        {
            var outcome = await running.Value.ConfigureAwait(false);
            // A request that joined one already under way gets its result as a resubmission.
            return ReferenceEquals(running, mine) || outcome.Result is null ? outcome : outcome with { AlreadySubmitted = true };
        }
        finally
        {
            if (ReferenceEquals(running, mine))
            {
                _submitting.TryRemove(new KeyValuePair<(string, string), Lazy<Task<SubmitOutcome>>>(key, mine));
            }
        }
    }

    private async Task<SubmitOutcome> SubmitOnceAsync(string studentId, string token, IReadOnlyDictionary<string, string[]> fields, CancellationToken cancellationToken)
    {
        Attempt? attempt;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            attempt = await db.Attempts.AsNoTracking().FirstOrDefaultAsync(a => a.Token == token, cancellationToken).ConfigureAwait(false);
            if (attempt is { State: AttemptState.Submitted })
            {
                attempt.Responses = await db.Responses.AsNoTracking().Where(r => r.AttemptId == attempt.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        if (attempt is null || attempt.StudentId != studentId)
        {
            return SubmitOutcome.Refused("attemptToken", "This quiz form does not belong to an attempt of yours. Reload the quiz and try again.");
        }
        var set = QuestionBank.Find(attempt.QuestionSetVersion)!;
        if (attempt.State == AttemptState.Submitted)
        {
            return SubmitOutcome.Done(AttemptResult.Of(attempt, set), alreadySubmitted: true);
        }

        var session = sessions.GetOrCreate(studentId);
        var network = await trainer.ReadAsync(session, LiveNetwork.Read, cancellationToken).ConfigureAwait(false);
        var (answers, errors) = Answers.Parse(set, fields, network.WeightIndices);
        if (errors.Count > 0)
        {
            return SubmitOutcome.Invalid(errors);
        }

        var live = await LiveGrading.GatherAsync(set, answers, session, network, trainer, cancellationToken).ConfigureAwait(false);
        var responses = set.Questions.Select(question =>
        {
            var grade = Grader.Grade(question, answers[question.Id], live);
            return new QuestionResponse
            {
                AttemptId = attempt.Id,
                QuestionId = question.Id,
                Answer = answers[question.Id],
                Correct = grade.Correct,
                Points = grade.Correct ? 1 : 0,
                LiveSnapshot = grade.LiveSnapshot is null ? null : JsonSerializer.Serialize(grade.LiveSnapshot, LiveGrading.Json),
            };
        }).ToList();
        var submittedAt = clock.GetUtcNow().UtcDateTime;

        int score = responses.Sum(r => r.Points);
        var (stored, already) = await writer.WriteAsync(async (db, ct) =>
        {
            // Checked here, in the single writer, so no two submits of one attempt can both be stored: only an attempt
            // still in progress is marked submitted, and only the submit that marked it stores its responses.
            int marked = await db.Attempts.Where(a => a.Id == attempt.Id && a.State == AttemptState.InProgress)
                .ExecuteUpdateAsync(a => a
                    .SetProperty(x => x.State, AttemptState.Submitted)
                    .SetProperty(x => x.SubmittedAt, submittedAt)
                    .SetProperty(x => x.Score, score), ct).ConfigureAwait(false);
            if (marked == 0)
            {
                return (await db.Attempts.AsNoTracking().Include(a => a.Responses).FirstAsync(a => a.Id == attempt.Id, ct).ConfigureAwait(false), true);
            }
            await ResponseRows.InsertAsync(db, responses, ct).ConfigureAwait(false);
            attempt.State = AttemptState.Submitted;
            attempt.SubmittedAt = submittedAt;
            attempt.Score = score;
            attempt.Responses = responses;
            return (attempt, false);
        }).ConfigureAwait(false);

        if (!already)
        {
            metrics.Submission();
            logger.LogInformation("Attempt {AttemptId} submitted with score {Score}/{MaxScore}", stored.Id, stored.Score, stored.MaxScore);
            if (stored.ClassroomId is Guid classroom)
            {
                classes.Changed(classroom);
            }
        }
        return SubmitOutcome.Done(AttemptResult.Of(stored, set), alreadySubmitted: already);
    }

    /// <summary>The student's attempts, newest first.</summary>
    public async Task<IReadOnlyList<AttemptSummary>> HistoryAsync(string studentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Attempts.AsNoTracking()
            .Where(a => a.StudentId == studentId)
            .OrderByDescending(a => a.Number)
            .Select(a => new AttemptSummary(a.Number, a.State, a.StartedAt, a.SubmittedAt, a.Score, a.MaxScore))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One of the student's own submitted attempts, with every answer and explanation; null if there is none.</summary>
    public async Task<AttemptResult?> ResultAsync(string studentId, int number, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attempt = await db.Attempts.AsNoTracking().Include(a => a.Responses)
            .FirstOrDefaultAsync(a => a.StudentId == studentId && a.Number == number && a.State == AttemptState.Submitted, cancellationToken)
            .ConfigureAwait(false);
        return attempt is null ? null : AttemptResult.Of(attempt, QuestionBank.Find(attempt.QuestionSetVersion)!);
    }

    /// <summary>What the live questions need to show: the student's network's connections and the weight to ask about.</summary>
    public Task<LiveNetwork> LiveNetworkAsync(string studentId, CancellationToken cancellationToken = default) =>
        trainer.ReadAsync(sessions.GetOrCreate(studentId), LiveNetwork.Read, cancellationToken);

    private static async Task EnsureQuestionSetStoredAsync(AppDbContext db, QuestionSet set, CancellationToken cancellationToken)
    {
        if (await db.QuestionSets.AnyAsync(s => s.Version == set.Version, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        db.QuestionSets.Add(new QuestionSetRecord
        {
            Version = set.Version,
            Json = JsonSerializer.Serialize(set, LiveGrading.Json),
            FirstUsedAt = DateTime.UtcNow,
        });
    }
}

public sealed record AttemptSummary(int Number, AttemptState State, DateTime StartedAt, DateTime? SubmittedAt, int? Score, int MaxScore);

/// <summary>What a submit came to: a result (first time or again), or problems by field.</summary>
public sealed record SubmitOutcome(AttemptResult? Result, bool AlreadySubmitted, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static SubmitOutcome Done(AttemptResult result, bool alreadySubmitted) => new(result, alreadySubmitted, null);

    public static SubmitOutcome Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, false, errors);

    public static SubmitOutcome Refused(string field, string message) => new(null, false, new Dictionary<string, string[]> { [field] = [message] });
}
