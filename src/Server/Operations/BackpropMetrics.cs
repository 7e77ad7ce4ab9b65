using System.Diagnostics.Metrics;
using BackpropServer.Server.Lesson.Sessions;

namespace BackpropServer.Server.Operations;

/// <summary>
/// The app's own instruments, exported with the framework's through OpenTelemetry at /metrics (Prometheus):
/// live sessions, SignalR connections, training steps and their latency, quiz submissions, failed requests.
/// </summary>
public sealed class BackpropMetrics
{
    public const string MeterName = "BackpropServer";

    private readonly Counter<long> _steps;
    private readonly Histogram<double> _stepDuration;
    private readonly Counter<long> _submissions;
    private long _failedRequests;
    private readonly UpDownCounter<long> _connections;

    public BackpropMetrics(IMeterFactory meters, ISessionStore sessions)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("backprop.sessions.live", () => sessions.Count, unit: "{session}", description: "Networks kept in memory, one per browser.");
        _connections = meter.CreateUpDownCounter<long>("backprop.signalr.connections", unit: "{connection}", description: "Open SignalR connections (lesson pages and dashboards).");
        _steps = meter.CreateCounter<long>("backprop.steps", unit: "{step}", description: "Training steps run.");
        _stepDuration = meter.CreateHistogram<double>("backprop.step.duration", unit: "s", description: "Time for one training step and its loss evaluation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05] });
        _submissions = meter.CreateCounter<long>("backprop.quiz.submissions", unit: "{submission}", description: "Quiz attempts submitted (first submits only).");
        // Observable, so the series exists (at 0) before the first failure and alerts can watch it.
        meter.CreateObservableCounter("backprop.http.failed_requests", () => Interlocked.Read(ref _failedRequests), unit: "{request}",
            description: "Requests answered with a server error (5xx).");
    }

    public void Step(double seconds)
    {
        _steps.Add(1);
        _stepDuration.Record(seconds);
    }

    public void Submission() => _submissions.Add(1);

    public void FailedRequest() => Interlocked.Increment(ref _failedRequests);

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);
}
