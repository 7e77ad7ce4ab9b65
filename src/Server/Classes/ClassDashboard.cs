using BackpropServer.Server.Data;
using BackpropServer.Server.Quiz;
using Microsoft.EntityFrameworkCore;

namespace BackpropServer.Server.Classes;

/// <summary>A class's results as its teacher sees them.</summary>
public sealed record ClassDashboard(
    Classroom Class,
    IReadOnlyList<RosterRow> Roster,
    IReadOnlyList<QuestionStat> Questions,
    IReadOnlyList<int> Distribution,
    int MaxScore,
    double? Average)
{
    /// <summary>Students with at least one submitted attempt; the distribution and average use each one's latest.</summary>
    public int StudentsWithScores => Distribution.Sum();

    /// <summary>Reads the teacher's own class; null when there is no such class of theirs.</summary>
    public static async Task<ClassDashboard?> ReadAsync(AppDbContext db, string teacherId, Guid classId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var classroom = await db.Classrooms.AsNoTracking().Include(c => c.Enrollments)
            .FirstOrDefaultAsync(c => c.Id == classId && c.TeacherId == teacherId, cancellationToken).ConfigureAwait(false);
        if (classroom is null)
        {
            return null;
        }
        var attempts = await db.Attempts.AsNoTracking().Include(a => a.Responses)
            .Where(a => a.ClassroomId == classId && a.State == AttemptState.Submitted)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var set = QuestionBank.Current;
        int max = Math.Max(set.Questions.Count, attempts.Select(a => a.MaxScore).DefaultIfEmpty(0).Max());

        var roster = classroom.Enrollments.OrderBy(e => e.DisplayName, StringComparer.CurrentCultureIgnoreCase).Select(e =>
        {
            var mine = attempts.Where(a => a.EnrollmentId == e.Id).OrderBy(a => a.SubmittedAt).ToList();
            var latest = mine.LastOrDefault();
            return new RosterRow(e.Id, e.DisplayName, e.JoinedAt, mine.Count, latest?.Score, latest?.SubmittedAt, mine.Max(a => a.Score), latest?.MaxScore ?? max);
        }).ToList();

        var questions = set.Questions.Select((q, index) =>
        {
            var responses = attempts.Where(a => a.QuestionSetVersion == set.Version).SelectMany(a => a.Responses).Where(r => r.QuestionId == q.Id).ToList();
            var wrong = responses.Where(r => !r.Correct).GroupBy(r => QuestionResult.Of(q, r).YourAnswer)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            int right = responses.Count(r => r.Correct);
            return new QuestionStat(index + 1, q.Id, q.Prompt, responses.Count, right,
                responses.Count == 0 ? null : (double)right / responses.Count, wrong?.Key, wrong?.Count() ?? 0);
        }).ToList();

        var latestScores = roster.Where(r => r.LatestScore is not null).Select(r => r.LatestScore!.Value).ToList();
        var distribution = new int[max + 1];
        foreach (int score in latestScores)
        {
            distribution[Math.Clamp(score, 0, max)]++;
        }
        return new ClassDashboard(classroom, roster, questions, distribution, max, latestScores.Count == 0 ? null : latestScores.Average());
    }
}

/// <summary>One student of the class: attempts, latest and best score, and when.</summary>
public sealed record RosterRow(Guid EnrollmentId, string Name, DateTime JoinedAt, int Attempts, int? LatestScore, DateTime? LatestAt, int? BestScore, int MaxScore);

/// <summary>How the class did on one question, over every submitted attempt.</summary>
public sealed record QuestionStat(int Number, string Id, string Prompt, int Answered, int Correct, double? ShareCorrect, string? CommonWrongAnswer, int CommonWrongCount);
