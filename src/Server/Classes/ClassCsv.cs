using System.Globalization;
using System.Text;

namespace BackpropServer.Server.Classes;

/// <summary>
/// CSV exports that open cleanly in a spreadsheet: UTF-8 (with a byte-order mark, which Excel needs to read UTF-8),
/// numbers written as plain numbers, and every text cell that a spreadsheet could run as a formula (starting with
/// =, +, −, @, tab or carriage return) prefixed with an apostrophe.
/// </summary>
public static class ClassCsv
{
    public static byte[] Roster(ClassDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var csv = new StringBuilder();
        Row(csv, "Student", "Joined (UTC)", "Attempts", "Latest score", "Latest submitted (UTC)", "Best score", "Out of");
        foreach (var r in dashboard.Roster)
        {
            Row(csv, Text(r.Name), Time(r.JoinedAt), Number(r.Attempts), Number(r.LatestScore), Time(r.LatestAt), Number(r.BestScore), Number(r.MaxScore));
        }
        return Encode(csv);
    }

    public static byte[] Questions(ClassDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var csv = new StringBuilder();
        Row(csv, "Question", "Id", "Prompt", "Answered", "Correct", "Share correct", "Most common wrong answer", "Times given");
        foreach (var q in dashboard.Questions)
        {
            Row(csv, Number(q.Number), Text(q.Id), Text(q.Prompt), Number(q.Answered), Number(q.Correct),
                q.ShareCorrect is double share ? share.ToString("0.###", CultureInfo.InvariantCulture) : "",
                Text(q.CommonWrongAnswer ?? ""), Number(q.CommonWrongCount));
        }
        return Encode(csv);
    }

    /// <summary>A text cell: neutralised against formula injection, then quoted if it holds a comma, quote or line break.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '−')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    private static void Row(StringBuilder csv, params string[] cells) => csv.Append(string.Join(',', cells)).Append("\r\n");

    private static byte[] Encode(StringBuilder csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
}
