using System.Net.Http.Json;
using System.Text.Json;
using BackpropServer.Server.Lesson.Snapshots;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Lesson;

public sealed class StepTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Step_pushes_snapshot_to_every_tab_of_the_session_and_to_no_other_session()
    {
        await using var student = app.NewStudent();
        await using var other = app.NewStudent();
        await student.OpenLessonAsync();
        await other.OpenLessonAsync();
        var first = await student.OpenTabAsync();
        var second = await student.OpenTabAsync();
        var stranger = await other.OpenTabAsync();
        Assert.Equal(0, (await first.NextAsync()).Step);
        Assert.Equal(0, (await second.NextAsync()).Step);
        Assert.Equal(0, (await stranger.NextAsync()).Step);

        await student.StepAsync();

        var a = await first.NextAsync();
        var b = await second.NextAsync();
        Assert.Equal(1, a.Step);
        Assert.Equal(1, b.Step);
        Assert.Equal(a.Gradients, b.Gradients);
        await Task.Delay(300);
        Assert.Empty(stranger.Drain());
    }

    [Fact]
    public async Task After_a_step_every_weight_equals_its_old_value_minus_learning_rate_times_its_gradient()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(3);
        var before = await student.GetSnapshotAsync();

        await student.StepAsync();

        var after = await student.GetSnapshotAsync();
        Assert.Equal(before.Step + 1, after.Step);
        for (int k = 0; k < after.Parameters.Length; k++)
        {
            Assert.Equal(before.Parameters[k] - (after.LearningRate * after.Gradients[k]), after.Parameters[k]);
            Assert.Equal(-(after.LearningRate * after.Gradients[k]), after.Updates[k]);
        }
        Assert.Contains(after.Gradients, g => g != 0);
    }

    [Fact]
    public async Task Steps_from_two_tabs_at_once_are_serialised_each_with_its_own_step_number()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        var steps = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => student.StepAsync()));

        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), steps.Select(s => s.Step).Order());
        Assert.Equal(20, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task A_reconnecting_tab_receives_the_latest_snapshot_at_once()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(7);

        var tab = await student.OpenTabAsync();

        var snapshot = await tab.NextAsync();
        Assert.Equal(7, snapshot.Step);
    }

    [Fact]
    public async Task Snapshot_carries_what_the_page_draws()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        await student.StepAsync();
        var wire = await tab.NextAsync();
        var full = await student.GetSnapshotAsync();

        // 2-4-4-1: 12 + 20 + 5 parameters; 11 neurons; three layers of gradients. No grid: the page works it out.
        Assert.Equal([2, 4, 4, 1], wire.Layers);
        Assert.Equal(37, WireSnapshot.Unpack(wire.Parameters).Length);
        Assert.Equal(37, WireSnapshot.Unpack(wire.Gradients).Length);
        Assert.Equal(37, WireSnapshot.Unpack(wire.Updates).Length);
        Assert.Equal(11, WireSnapshot.Unpack(wire.TraceZ).Length);
        Assert.Equal(11, WireSnapshot.Unpack(wire.TraceDelta).Length);
        Assert.Equal(3, wire.LayerGradientNorms.Length);
        Assert.Equal(40 * 40, full.Grid.Length);
        Assert.Equal(full.Gradients.Select(g => (float)g), WireSnapshot.Unpack(wire.Gradients));
        Assert.Equal(full.TraceA.Select(a => (float)a), WireSnapshot.Unpack(wire.TraceA));
        Assert.Equal((float)full.TrainLoss!.Value, wire.TrainLoss);
        Assert.False(wire.Diverged);
    }

    [Fact]
    public async Task Default_network_snapshot_is_at_most_4_KB_on_the_wire()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();
        await student.StepAsync();
        var snapshot = await tab.WaitForStepAsync(1);

        // What the JSON hub protocol sends: {"type":1,"target":"Snapshot","arguments":[ … ]} and a record separator.
        int bytes = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, target = "Snapshot", arguments = new[] { snapshot } }, Student.Json).Length + 1;

        Assert.InRange(bytes, 1000, 4096);
    }

    [Fact]
    public async Task Step_summary_reports_the_new_loss()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var start = await student.GetSnapshotAsync();

        var summary = await student.StepAsync(50);

        Assert.Equal(50, summary.Step);
        Assert.True(summary.TrainLoss < start.TrainLoss, $"loss went from {start.TrainLoss} to {summary.TrainLoss}");
        var history = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/network/history?from=40", UriKind.Relative));
        Assert.Equal(11, history.GetProperty("points").GetArrayLength());
    }
}
