using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BackpropServer.LoadTest;

/// <summary>What a run measured. A run with any error fails (exit code 1); times are reported, never judged here.</summary>
public sealed class LoadReport
{
    private readonly List<double> _latenciesMs = [];
    private readonly List<double> _answersMs = [];

    public required string Title { get; init; }

    private long _sent;
    private long _completed;
    private long _errors;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    public long Errors => Interlocked.Read(ref _errors);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountCompleted() => Interlocked.Increment(ref _completed);

    private long _skipped;

    /// <summary>Beats a student let pass because its previous request was still unanswered.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public void CountSkipped() => Interlocked.Increment(ref _skipped);

    public List<string> ErrorSamples { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public double? MemoryBeforeBytes { get; set; }

    public double? MemoryAfterBytes { get; set; }

    /// <summary>What the memory difference is divided by (students or sessions), for "bytes per …".</summary>
    public int MemoryPer { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>
    /// Stopwatch timestamp before which work is warm-up: sent, answered and timed but not counted, so a fresh server's
    /// JIT tiering is not mistaken for its steady state. Errors count whenever they happen.
    /// </summary>
    public long RecordFrom { get; set; }

    public bool Counts(long sentAt) => sentAt >= RecordFrom;

    /// <summary>Counts what is sent from <paramref name="warmup"/> from now on.</summary>
    public void RecordAfter(TimeSpan warmup) => RecordFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);

    public void AddLatency(TimeSpan latency)
    {
        lock (_latenciesMs)
        {
            _latenciesMs.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>Time to the request's own answer (hub result or HTTP response); the snapshot may come before or after it.</summary>
    public void AddAnswer(TimeSpan latency)
    {
        lock (_answersMs)
        {
            _answersMs.Add(latency.TotalMilliseconds);
        }
    }

    public void AddError(string what)
    {
        Interlocked.Increment(ref _errors);
        lock (ErrorSamples)
        {
            if (ErrorSamples.Count < 5)
            {
                ErrorSamples.Add(what);
            }
        }
    }

    public double Percentile(double p) => Percentile(_latenciesMs, p);

    private static double Percentile(List<double> values, double p)
    {
        lock (values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }
            var sorted = values.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public int Measured
    {
        get
        {
            lock (_latenciesMs)
            {
                return _latenciesMs.Count;
            }
        }
    }

    public double Throughput => Elapsed.TotalSeconds > 0 ? Completed / Elapsed.TotalSeconds : 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(Title);
        text.AppendLine(c, $"  sent {Sent}, completed {Completed}, errors {Errors}, in {Elapsed.TotalSeconds:0.0} s");
        if (Skipped > 0)
        {
            text.AppendLine(c, $"  skipped beats     {Skipped} (the student's previous request was still unanswered)");
        }
        text.AppendLine(c, $"  throughput        {Throughput:0.0} /s");
        if (Measured > 0)
        {
            text.AppendLine(c, $"  latency ms        p50 {Percentile(50):0.000}   p95 {Percentile(95):0.000}   p99 {Percentile(99):0.000}   max {Percentile(100):0.000}   (n = {Measured})");
        }
        if (_answersMs.Count > 0)
        {
            text.AppendLine(c, $"  answer ms         p50 {Percentile(_answersMs, 50):0.000}   p95 {Percentile(_answersMs, 95):0.000}   p99 {Percentile(_answersMs, 99):0.000}   max {Percentile(_answersMs, 100):0.000}");
        }
        if (MemoryBeforeBytes is double before && MemoryAfterBytes is double after)
        {
            text.AppendLine(c, $"  server memory     before {before / 1048576:0.0} MiB, after {after / 1048576:0.0} MiB");
            if (MemoryPer > 0)
            {
                text.AppendLine(c, $"  per student       {(after - before) / MemoryPer / 1024:0.0} KiB");
            }
        }
        foreach (string note in Notes)
        {
            text.AppendLine(c, $"  {note}");
        }
        foreach (string error in ErrorSamples)
        {
            text.AppendLine(c, $"  error: {error}");
        }
        return text.ToString();
    }
}
