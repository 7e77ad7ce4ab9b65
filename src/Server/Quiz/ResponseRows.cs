using System.Text;
using BackpropServer.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BackpropServer.Server.Quiz;

/// <summary>
/// Stores an attempt's responses in one INSERT with a row per question. EF Core's SQLite provider sends one statement
/// per entity, and in the single database writer those statements (and the change tracking around them) were most of a
/// submission's cost. Table and column names come from the EF model, and the values are EF-mapped parameters, so the
/// rows are the ones EF itself would write and read back.
/// </summary>
internal static class ResponseRows
{
    public static async Task InsertAsync(AppDbContext db, IReadOnlyList<QuestionResponse> responses, CancellationToken cancellationToken)
    {
        if (responses.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(QuestionResponse))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string[] columns =
        [
            nameof(QuestionResponse.AttemptId), nameof(QuestionResponse.QuestionId), nameof(QuestionResponse.Answer),
            nameof(QuestionResponse.Correct), nameof(QuestionResponse.Points), nameof(QuestionResponse.LiveSnapshot),
        ];
        var sql = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (")
            .AppendJoin(", ", columns.Select(c => Quote(entity.FindProperty(c)!.GetColumnName(table)!)))
            .Append(") VALUES ");
        var values = new object?[responses.Count * columns.Length];
        for (int row = 0; row < responses.Count; row++)
        {
            var r = responses[row];
            int at = row * columns.Length;
            values[at] = r.AttemptId;
            values[at + 1] = r.QuestionId;
            values[at + 2] = r.Answer;
            values[at + 3] = r.Correct;
            values[at + 4] = r.Points;
            values[at + 5] = r.LiveSnapshot;
            sql.Append(row == 0 ? "(" : ", (");
            for (int c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? "{" : ", {").Append(at + c).Append('}');
            }
            sql.Append(')');
        }
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), values!, cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
