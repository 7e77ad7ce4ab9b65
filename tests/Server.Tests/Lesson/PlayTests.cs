using System.Net.Http.Json;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BackpropServer.Server.Tests.Lesson;

public sealed class PlayTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Play_trains_continuously_at_most_20_snapshots_a_second_and_pause_stops_it()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        var started = DateTime.UtcNow;
        (await student.Http.PostAsJsonAsync(new Uri("/api/network/play", UriKind.Relative), new { playing = true })).EnsureSuccessStatusCode();
        await tab.WaitForStepAsync(10, TimeSpan.FromSeconds(10));
        var elapsed = DateTime.UtcNow - started;
        (await student.Http.PostAsJsonAsync(new Uri("/api/network/play", UriKind.Relative), new { playing = false })).EnsureSuccessStatusCode();

        // Ten steps at 20 a second take at least about half a second.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"10 play steps took only {elapsed.TotalMilliseconds} ms");
        await Task.Delay(200);
        long stopped = (await student.GetSnapshotAsync()).Step;
        await Task.Delay(400);
        Assert.Equal(stopped, (await student.GetSnapshotAsync()).Step);
        Assert.False((await student.GetSnapshotAsync()).Playing);
    }

    [Fact]
    public async Task Snapshots_during_play_arrive_in_step_order()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        await student.Http.PostAsJsonAsync(new Uri("/api/network/play", UriKind.Relative), new { playing = true });
        await tab.WaitForStepAsync(8);
        await student.Http.PostAsJsonAsync(new Uri("/api/network/play", UriKind.Relative), new { playing = false });
        await Task.Delay(200);

        var steps = tab.Drain().Select(s => s.Version).ToList();
        Assert.Equal(steps.Order(), steps);
    }

    [Fact]
    public async Task Play_stops_when_the_session_has_no_connection()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();
        await student.Http.PostAsJsonAsync(new Uri("/api/network/play", UriKind.Relative), new { playing = true });
        await tab.WaitForStepAsync(3);

        await tab.Connection.StopAsync();
        await Task.Delay(500);
        long step = (await student.GetSnapshotAsync()).Step;
        await Task.Delay(500);

        var snapshot = await student.GetSnapshotAsync();
        Assert.Equal(step, snapshot.Step);
        Assert.False(snapshot.Playing);
        Assert.Equal(0, app.Services.GetRequiredService<PlayLoop>().PlayingCount);
    }

    [Fact]
    public async Task Play_form_without_javascript_redirects_and_with_htmx_swaps_the_button()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        var plain = await student.PostFormAsync("/lesson/play", [new("playing", "false")], htmx: false);
        Assert.Equal(System.Net.HttpStatusCode.SeeOther, plain.StatusCode);

        var htmx = await student.PostFormAsync("/lesson/play", [new("playing", "true")], htmx: true);
        string fragment = await htmx.Content.ReadAsStringAsync();
        // No tab is open, so play does not stay on: the button still offers Play.
        Assert.Contains("id=\"play-button\"", fragment, StringComparison.Ordinal);
        Assert.Contains("aria-pressed", fragment, StringComparison.Ordinal);
    }
}
