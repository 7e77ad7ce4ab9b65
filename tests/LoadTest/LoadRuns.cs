using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BackpropServer.LoadTest;

/// <summary>The three runs: students stepping, students connected and idle, students submitting the quiz.</summary>
public static class LoadRuns
{
    public static Task<LoadReport> RunAsync(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Mode switch
        {
            "steps" => StepsAsync(options),
            "idle" => IdleAsync(options),
            "quiz" => QuizAsync(options),
            "verify" => Task.FromResult(Verify(options)),
            _ => throw new ArgumentException($"Unknown mode {options.Mode}."),
        };
    }

    /// <summary>N students, each asking for R steps a second, each step timed from request to its snapshot on the hub.</summary>
    public static async Task<LoadReport> StepsAsync(LoadOptions options)
    {
        string via = (options.ViaHub ? "the hub" : "POST api/network/steps") + (options.OfficialClient ? " (official .NET client)" : " (lean client)");
        var report = new LoadReport { Title = string.Create(CultureInfo.InvariantCulture, $"steps: {options.Students} students × {options.Rate} steps/s through {via} for {options.Duration.TotalSeconds} s (after {options.Warmup.TotalSeconds} s warm-up) against {options.Server}") };
        report.MemoryBeforeBytes = await ServerMemory.SettledAsync(options.Server).ConfigureAwait(false);
        var students = await ArriveAsync(options, report, connect: true).ConfigureAwait(false);
        report.MemoryPer = students.Length;
        report.RecordAfter(options.Warmup);
        var pending = await Task.Run(() => Pace(students, options.Rate, options.ViaHub, options.Warmup + options.Duration, report)).ConfigureAwait(false);
        report.Elapsed = Stopwatch.GetElapsedTime(report.RecordFrom);
        await Task.WhenAll(pending).ConfigureAwait(false);
        // Let the last snapshots arrive; a step whose snapshot never comes is an error.
        for (int wait = 0; wait < 40 && students.Any(s => s.Unanswered > 0); wait++)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
        int unanswered = students.Sum(s => s.Unanswered);
        if (unanswered > 0)
        {
            report.AddError($"{unanswered} steps got no snapshot or no answer");
        }
        foreach (string failure in students.Select(s => s.ConnectionFailure).OfType<string>().Distinct())
        {
            report.AddError("hub connection failed: " + failure);
        }
        report.MemoryAfterBytes = await ServerMemory.ReadAsync(options.Server).ConfigureAwait(false);
        await LeaveAsync(students).ConfigureAwait(false);
        return report;
    }

    /// <summary>N students with the lesson open and nothing else: what each costs the server in memory.</summary>
    public static async Task<LoadReport> IdleAsync(LoadOptions options)
    {
        var report = new LoadReport { Title = $"idle: {options.Students} students connected ({(options.OfficialClient ? "official .NET client" : "lean client")}) for {options.Duration.TotalSeconds} s against {options.Server}" };
        report.MemoryBeforeBytes = await ServerMemory.SettledAsync(options.Server).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var students = await ArriveAsync(options, report, connect: true).ConfigureAwait(false);
        report.MemoryPer = students.Length;
        await Task.Delay(options.Duration).ConfigureAwait(false);
        report.Elapsed = clock.Elapsed;
        report.MemoryAfterBytes = await ServerMemory.SettledAsync(options.Server).ConfigureAwait(false);
        await LeaveAsync(students).ConfigureAwait(false);
        return report;
    }

    /// <summary>M students submitting attempt after attempt; then every acknowledged submission is looked up in the database.</summary>
    public static async Task<LoadReport> QuizAsync(LoadOptions options)
    {
        var report = new LoadReport { Title = $"quiz: {options.Submitters} students submitting for {options.Duration.TotalSeconds} s (after {options.Warmup.TotalSeconds} s warm-up) against {options.Server}" };
        var students = await ArriveAsync(options with { Students = options.Submitters }, report, connect: false).ConfigureAwait(false);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var ackFile = options.AckFile is null ? null : new StreamWriter(options.AckFile, append: true) { AutoFlush = true };
        report.RecordAfter(options.Warmup);
        using var stop = new CancellationTokenSource(options.Warmup + options.Duration);
        await Task.WhenAll(students.Select(async s =>
        {
            var open = await s.Http.GetFromJsonAsync<JsonElement>(new Uri("api/quiz", UriKind.Relative)).ConfigureAwait(false);
            while (!stop.IsCancellationRequested)
            {
                string token = open.GetProperty("token").GetString()!;
                var live = open.GetProperty("live");
                var answers = new Dictionary<string, object>
                {
                    ["blame-starts"] = "b", ["relu-off"] = "c", ["zero-grad"] = "d", ["hidden-gradient-needs"] = new[] { "a", "b" },
                    ["step-truths"] = new[] { "a", "c", "e" }, ["weight-gradient"] = "-0.217", ["sgd-update"] = "-0.45", ["hidden-delta"] = "0.1024",
                    ["live-largest-gradient"] = live.GetProperty("connections")[0].GetProperty("id").GetString()!,
                    ["live-next-step"] = "up", ["live-next-step-weight"] = live.GetProperty("nextStepWeight").GetString()!,
                };
                long started = Stopwatch.GetTimestamp();
                bool counted = report.Counts(started);
                if (counted)
                {
                    report.CountSent();
                }
                try
                {
                    using var response = await s.Http.PostAsJsonAsync(new Uri($"api/quiz/attempts/{token}/submission", UriKind.Relative), new { answers }).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        if (counted)
                        {
                            report.AddLatency(Stopwatch.GetElapsedTime(started));
                            report.CountCompleted();
                        }
                        // Warm-up submissions are checked in the database too: every acknowledged one must be there.
                        acknowledged.Add(token);
                        if (ackFile is not null)
                        {
                            lock (ackFile)
                            {
                                ackFile.WriteLine(token);
                            }
                        }
                    }
                    else
                    {
                        report.AddError($"submission answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
                    }
                    using var next = await s.Http.PostAsync(new Uri("api/quiz/attempts", UriKind.Relative), null).ConfigureAwait(false);
                    open = await next.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    report.AddError("submission failed: " + e.Message);
                    open = await s.Http.GetFromJsonAsync<JsonElement>(new Uri("api/quiz", UriKind.Relative)).ConfigureAwait(false);
                }
            }
        })).ConfigureAwait(false);
        report.Elapsed = Stopwatch.GetElapsedTime(report.RecordFrom);
        if (options.Database is string database)
        {
            CheckStored(database, acknowledged.ToArray(), report);
        }
        await LeaveAsync(students).ConfigureAwait(false);
        return report;
    }

    /// <summary>After a crash: every token in the acknowledgement file must be stored, exactly once, with all its answers.</summary>
    public static LoadReport Verify(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var report = new LoadReport { Title = $"verify: {options.AckFile} against {options.Database}" };
        if (options.AckFile is null || options.Database is null)
        {
            report.AddError("verify needs --ack-file and --db");
            return report;
        }
        CheckStored(options.Database, File.ReadAllLines(options.AckFile).Where(line => line.Length > 0).ToArray(), report);
        return report;
    }

    // Each acknowledged attempt token must be in the database exactly once, submitted, with all its answers.
    private static void CheckStored(string database, string[] tokens, LoadReport report)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        int lost = 0, duplicated = 0, incomplete = 0;
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), MIN((SELECT COUNT(*) FROM Responses r WHERE r.AttemptId = a.Id))
            FROM Attempts a WHERE a.Token = $token AND a.State = 1
            """;
        var token = command.Parameters.Add("$token", SqliteType.Text);
        foreach (string t in tokens)
        {
            token.Value = t;
            using var reader = command.ExecuteReader();
            reader.Read();
            long count = reader.GetInt64(0);
            if (count == 0)
            {
                lost++;
            }
            else if (count > 1)
            {
                duplicated++;
            }
            else if (reader.GetInt64(1) != 10)
            {
                incomplete++;
            }
        }
        report.Notes.Add($"database check: {tokens.Length} acknowledged, {lost} lost, {duplicated} duplicated, {incomplete} incomplete");
        if (lost + duplicated + incomplete > 0)
        {
            report.AddError($"{lost} lost, {duplicated} duplicated, {incomplete} incomplete submissions in the database");
        }
    }

    /// <summary>
    /// One thread keeps every student's beat; students do not all press at the same instant, so each starts at a random
    /// phase. A sleeping timer per student cost the tool a thread-pool hop per step, and that CPU comes from the
    /// server's two cores. A student whose previous request is still out skips its beat, as a person waiting for the
    /// page would (the report counts skipped beats). With the lean client a request is out only until it is written;
    /// with the official client or HTTP, until its answer arrives. Returns the requests still out at the end.
    /// </summary>
    private static List<Task> Pace(SimulatedStudent[] students, double rate, bool viaHub, TimeSpan duration, LoadReport report)
    {
        long period = (long)(Stopwatch.Frequency / rate);
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var due = new PriorityQueue<int, long>();
        var outstanding = new Task?[students.Length];
        for (int k = 0; k < students.Length; k++)
        {
            due.Enqueue(k, start + Random.Shared.NextInt64(period));
        }
        while (due.TryPeek(out int k, out long at) && at < end)
        {
            if (at > Stopwatch.GetTimestamp())
            {
                // Wake once a millisecond and send whatever is due: fewer wake-ups than a sleep per step. A step goes
                // out up to a millisecond late, and its round trip is timed from when it actually went.
                Thread.Sleep(1);
                continue;
            }
            due.Dequeue();
            due.Enqueue(k, at + period);
            if (outstanding[k] is { IsCompleted: false })
            {
                if (report.Counts(at))
                {
                    report.CountSkipped();
                }
                continue;
            }
            var send = students[k].StepAsync(viaHub);
            if (send.IsFaulted)
            {
                send.GetAwaiter().GetResult();
            }
            outstanding[k] = send;
        }
        return [.. outstanding.OfType<Task>().Where(t => !t.IsCompleted)];
    }

    private static async Task<SimulatedStudent[]> ArriveAsync(LoadOptions options, LoadReport report, bool connect)
    {
        var students = new List<SimulatedStudent>();
        // Arrive in waves of 50, as a class logs in over a few seconds rather than in one instant.
        foreach (var wave in Enumerable.Range(0, options.Students).Chunk(50))
        {
            var arrived = await Task.WhenAll(wave.Select(async _ =>
            {
                var s = await SimulatedStudent.ArriveAsync(options.Server, report).ConfigureAwait(false);
                if (connect)
                {
                    await s.ConnectAsync(options.OfficialClient).ConfigureAwait(false);
                }
                return s;
            })).ConfigureAwait(false);
            students.AddRange(arrived);
        }
        return [.. students];
    }

    private static async Task LeaveAsync(SimulatedStudent[] students)
    {
        foreach (var s in students)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }
    }
}
