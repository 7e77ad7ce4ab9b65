using System.Text;
using BackpropServer.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace BackpropServer.Server.Classes;

/// <summary>
/// Classes and their students. Every method that touches a class takes the teacher's id and filters by it: another
/// teacher's class is simply not found.
/// </summary>
public sealed class ClassService(IServiceScopeFactory scopes, DatabaseWriter writer, ClassNotifier notifier, TimeProvider clock)
{
    public const int MaxNameLength = 40;

    public async Task<IReadOnlyList<ClassSummary>> ListAsync(string teacherId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        return await db.Classrooms.AsNoTracking().Where(c => c.TeacherId == teacherId).OrderBy(c => c.Name)
            .Select(c => new ClassSummary(c.Id, c.Name, c.JoinCode, c.IsOpen, c.Enrollments.Count, c.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<Classroom?> FindOwnedAsync(string teacherId, Guid classId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Db(scope).Classrooms.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == classId && c.TeacherId == teacherId, cancellationToken).ConfigureAwait(false);
    }

    public Task<Classroom> CreateAsync(string teacherId, string name, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(async (db, ct) =>
        {
            var classroom = new Classroom
            {
                Id = Guid.NewGuid(),
                TeacherId = teacherId,
                Name = name,
                JoinCode = await FreshCodeAsync(db, ct).ConfigureAwait(false),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Classrooms.Add(classroom);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return classroom;
        });

    /// <summary>Opens or closes the class for joining; false if the teacher has no such class.</summary>
    public Task<bool> SetOpenAsync(string teacherId, Guid classId, bool open, CancellationToken cancellationToken = default) =>
        ChangeOwnedAsync(teacherId, classId, (_, c) => { c.IsOpen = open; return Task.CompletedTask; }, cancellationToken);

    /// <summary>A new code: the old one stops working at once (students already in stay in).</summary>
    public Task<bool> RotateCodeAsync(string teacherId, Guid classId, CancellationToken cancellationToken = default) =>
        ChangeOwnedAsync(teacherId, classId, async (db, c) => c.JoinCode = await FreshCodeAsync(db, CancellationToken.None).ConfigureAwait(false), cancellationToken);

    /// <summary>Deletes the class with every student and every attempt taken in it.</summary>
    public Task<bool> DeleteAsync(string teacherId, Guid classId, CancellationToken cancellationToken = default) =>
        ChangeOwnedAsync(teacherId, classId, (db, c) => { db.Classrooms.Remove(c); return Task.CompletedTask; }, cancellationToken);

    /// <summary>Deletes one student of the class and all their attempts in it.</summary>
    public async Task<bool> DeleteStudentAsync(string teacherId, Guid classId, Guid enrollmentId, CancellationToken cancellationToken = default)
    {
        bool found = false;
        bool owned = await ChangeOwnedAsync(teacherId, classId, async (db, c) =>
        {
            var enrollment = await db.Enrollments.FirstOrDefaultAsync(e => e.Id == enrollmentId && e.ClassroomId == c.Id).ConfigureAwait(false);
            if (enrollment is not null)
            {
                db.Enrollments.Remove(enrollment);
                found = true;
            }
        }, cancellationToken).ConfigureAwait(false);
        return owned && found;
    }

    /// <summary>Joins the student's device to the class with this code under a display name, or says what is wrong by field.</summary>
    public async Task<JoinOutcome> JoinAsync(string typedCode, string typedName, string studentId, CancellationToken cancellationToken = default)
    {
        string? code = JoinCodes.Normalize(typedCode);
        string name = CleanName(typedName);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (code is null)
        {
            errors["code"] = ["A class code has six letters and digits, like ABC-DEF."];
        }
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            errors["displayName"] = [$"Give a name of 1 to {MaxNameLength} characters."];
        }
        if (errors.Count > 0)
        {
            return JoinOutcome.Invalid(errors);
        }
        var outcome = await writer.WriteAsync(async (db, ct) =>
        {
            var classroom = await db.Classrooms.FirstOrDefaultAsync(c => c.JoinCode == code, ct).ConfigureAwait(false);
            if (classroom is null || !classroom.IsOpen)
            {
                // One message for "no such class" and "closed", so codes cannot be probed.
                return (JoinOutcome.Invalid(new() { ["code"] = ["No open class has that code. Check it with your teacher."] }), Guid.Empty);
            }
            string normalized = NormalizeName(name);
            var mine = await db.Enrollments.FirstOrDefaultAsync(e => e.ClassroomId == classroom.Id && e.StudentId == studentId, ct).ConfigureAwait(false);
            var taken = await db.Enrollments.AnyAsync(e => e.ClassroomId == classroom.Id && e.NormalizedName == normalized && e.StudentId != studentId, ct).ConfigureAwait(false);
            if (taken)
            {
                return (JoinOutcome.Invalid(new() { ["displayName"] = ["Someone in this class already uses that name. Add an initial or choose another."] }), Guid.Empty);
            }
            if (mine is null)
            {
                mine = new Enrollment { Id = Guid.NewGuid(), ClassroomId = classroom.Id, StudentId = studentId, JoinedAt = clock.GetUtcNow().UtcDateTime };
                db.Enrollments.Add(mine);
            }
            mine.DisplayName = name;
            mine.NormalizedName = normalized;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return (JoinOutcome.Joined(classroom.Name, name), classroom.Id);
        }).ConfigureAwait(false);
        if (outcome.Item1.Success)
        {
            notifier.Changed(outcome.Item2);
        }
        return outcome.Item1;
    }

    /// <summary>The class this device is in (its latest join), for the student's own pages.</summary>
    public async Task<(string ClassName, string DisplayName)?> MembershipAsync(string studentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = Db(scope);
        var found = await db.Enrollments.AsNoTracking().Where(e => e.StudentId == studentId).OrderByDescending(e => e.JoinedAt)
            .Join(db.Classrooms, e => e.ClassroomId, c => c.Id, (e, c) => new { c.Name, e.DisplayName })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found is null ? null : (found.Name, found.DisplayName);
    }

    /// <summary>Trimmed, inner white space collapsed, control characters removed. Markup is kept as typed: pages encode it.</summary>
    public static string CleanName(string? typed)
    {
        var text = new StringBuilder();
        foreach (char c in (typed ?? "").Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else if (!char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    public static string NormalizeName(string name) => CleanName(name).ToUpperInvariant();

    private async Task<bool> ChangeOwnedAsync(string teacherId, Guid classId, Func<AppDbContext, Classroom, Task> change, CancellationToken cancellationToken)
    {
        bool changed = await writer.WriteAsync(async (db, ct) =>
        {
            var classroom = await db.Classrooms.FirstOrDefaultAsync(c => c.Id == classId && c.TeacherId == teacherId, ct).ConfigureAwait(false);
            if (classroom is null)
            {
                return false;
            }
            await change(db, classroom).ConfigureAwait(false);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        if (changed)
        {
            notifier.Changed(classId);
        }
        return changed;
    }

    private static async Task<string> FreshCodeAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            string code = JoinCodes.NewCode();
            if (!await db.Classrooms.AnyAsync(c => c.JoinCode == code, cancellationToken).ConfigureAwait(false))
            {
                return code;
            }
        }
    }

    private static AppDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<AppDbContext>();
}

public sealed record ClassSummary(Guid Id, string Name, string JoinCode, bool IsOpen, int Students, DateTime CreatedAt);

public sealed record JoinOutcome(bool Success, string? ClassName, string? DisplayName, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static JoinOutcome Joined(string className, string displayName) => new(true, className, displayName, null);

    public static JoinOutcome Invalid(Dictionary<string, string[]> errors) => new(false, null, null, errors);
}
