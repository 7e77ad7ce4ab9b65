using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace BackpropServer.Server.Tests.Lesson;

/// <summary>A live page trains through its hub connection; the answer every tab sees is the pushed snapshot.</summary>
public sealed class HubStepTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Step_over_the_hub_pushes_the_snapshot_to_every_tab_of_the_session_and_answers_the_caller()
    {
        await using var student = app.NewStudent();
        await using var other = app.NewStudent();
        await student.OpenLessonAsync();
        await other.OpenLessonAsync();
        var caller = await student.OpenTabAsync();
        var second = await student.OpenTabAsync();
        var stranger = await other.OpenTabAsync();
        await caller.NextAsync();
        await second.NextAsync();
        await stranger.NextAsync();

        var summary = await caller.StepAsync();

        Assert.Equal(1, summary.Step);
        Assert.Equal(1, (await caller.NextAsync()).Step);
        Assert.Equal(1, (await second.NextAsync()).Step);
        Assert.Equal(1, (await student.GetSnapshotAsync()).Step);
        await Task.Delay(300);
        Assert.Empty(stranger.Drain());
        Assert.Equal(0, (await other.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task Hub_steps_and_api_steps_share_one_network_and_one_step_count()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        var concurrent = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(_ => tab.StepAsync()).Concat(Enumerable.Range(0, 10).Select(_ => student.StepAsync())));

        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), concurrent.Select(s => s.Step).Order());
        Assert.Equal(20, (await tab.WaitForStepAsync(20)).Step);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1001)]
    public async Task A_step_count_out_of_range_is_refused_by_name_and_changes_nothing(int count)
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => tab.StepAsync(count));

        Assert.Contains("count", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await student.GetSnapshotAsync()).Step);
        await Task.Delay(200);
        Assert.Empty(tab.Drain());
    }
}
