using System.Net;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Lesson;

public sealed class LessonPageTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Lesson_page_has_the_whole_lesson_and_a_server_drawn_network()
    {
        await using var student = app.NewStudent();
        string html = await student.OpenLessonAsync();

        Assert.Contains("Backpropagation Intuition", html, StringComparison.Ordinal);
        foreach (string section in new[] { "idea", "one-step", "pytorch-loop", "why-backprop", "summary", "try-this" })
        {
            Assert.Contains($"id=\"{section}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains("loss.backward()", html, StringComparison.Ordinal);
        Assert.Contains("optimizer.ZeroGrad()", html, StringComparison.Ordinal);
        Assert.Contains("<noscript>", html, StringComparison.Ordinal);
        Assert.Contains("needs JavaScript", html, StringComparison.Ordinal);
        // 2-4-4-1: 8 + 16 + 4 connections drawn, each with its parameter index.
        Assert.Equal(28, CountOf(html, "<line "));
        Assert.Contains("href=\"/modules\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_send_a_strict_content_security_policy_and_vary_on_htmx()
    {
        await using var student = app.NewStudent();
        var response = await student.Http.GetAsync(new Uri("/", UriKind.Relative));

        string csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("HX-Request", response.Headers.Vary);
        string html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" onclick=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modules_index_offers_module_5_and_says_module_6_is_not_available_yet()
    {
        await using var student = app.NewStudent();
        string html = await student.Http.GetStringAsync(new Uri("/modules", UriKind.Relative));

        Assert.Contains("Backpropagation Intuition", html, StringComparison.Ordinal);
        Assert.Contains("What depth buys you", html, StringComparison.Ordinal);
        Assert.Contains("Not available yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_button_with_htmx_answers_with_a_small_fragment_and_pushes_the_snapshot()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();

        var response = await student.PostFormAsync("/lesson/step", [new("count", "10")], htmx: true);

        response.EnsureSuccessStatusCode();
        string fragment = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<p id=\"step-status\"", fragment.Trim(), StringComparison.Ordinal);
        Assert.Contains("Step <strong>10</strong>", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Equal(10, (await tab.NextAsync()).Step);
    }

    [Fact]
    public async Task Train_button_without_javascript_redirects_back_to_the_activity()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        var response = await student.PostFormAsync("/lesson/step", [new("count", "1")], htmx: false);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/#activity", response.Headers.Location?.OriginalString);
        Assert.Equal(1, (await student.GetSnapshotAsync()).Step);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Forms_without_the_antiforgery_token_are_refused(bool htmx)
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        var response = await student.PostFormAsync("/lesson/step", [new("count", "1")], htmx, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await student.GetSnapshotAsync()).Step);
    }

    [Fact]
    public async Task Changing_the_learning_rate_keeps_the_network()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(5);
        var before = await student.GetSnapshotAsync();

        var response = await student.PostFormAsync("/lesson/settings", [new("learningRate", "0.03")], htmx: true);

        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("keeps its weights", html, StringComparison.Ordinal);
        var after = await student.GetSnapshotAsync();
        Assert.Equal(0.03, after.LearningRate);
        Assert.Equal(before.Parameters, after.Parameters);
        Assert.Equal(5, after.Step);
    }

    [Fact]
    public async Task Adding_a_layer_starts_a_new_network_and_says_so()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(5);

        var response = await student.PostFormAsync("/lesson/settings",
            [new("neurons", "4"), new("neurons", "4"), new("change", "add-layer")], htmx: true);

        string html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("network's shape", html, StringComparison.Ordinal);
        Assert.Contains("network-reset", response.Headers.GetValues("HX-Trigger").Single(), StringComparison.Ordinal);
        var after = await student.GetSnapshotAsync();
        Assert.Equal([2, 4, 4, 4, 1], after.Layers);
        Assert.Equal(0, after.Step);
        Assert.Equal(2, after.Generation);
    }

    [Fact]
    public async Task Neuron_buttons_change_one_layer_within_its_limits()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        await student.PostFormAsync("/lesson/settings", [new("neurons", "4"), new("neurons", "8"), new("change", "add-neuron:1")], htmx: true);
        Assert.Equal(new[] { 2, 4, 8, 1 }, (await student.GetSnapshotAsync()).Layers);
        await student.PostFormAsync("/lesson/settings", [new("neurons", "4"), new("neurons", "8"), new("change", "remove-neuron:0")], htmx: false);
        Assert.Equal(new[] { 2, 3, 8, 1 }, (await student.GetSnapshotAsync()).Layers);
    }

    [Fact]
    public async Task Bad_settings_come_back_with_the_error_by_its_field_and_change_nothing()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(3);
        var before = await student.GetSnapshotAsync();

        var response = await student.PostFormAsync("/lesson/settings",
            [new("learningRate", "NaN"), new("neurons", "50")], htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-learningRate\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"help-learningRate error-learningRate\"", html, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
        var after = await student.GetSnapshotAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.LearningRate, after.LearningRate);
    }

    [Fact]
    public async Task Bad_settings_without_javascript_show_the_whole_page_with_the_error()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();

        var response = await student.PostFormAsync("/lesson/settings", [new("dataset", "moons")], htmx: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Contains("id=\"error-dataset\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_survive_a_reload()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.PostFormAsync("/lesson/settings", [new("dataset", "xor"), new("activation", "relu"), new("learningRate", "0.1"), new("noise", "20")], htmx: false);

        string html = await student.OpenLessonAsync();

        Assert.Contains("<option value=\"xor\" selected", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"relu\" selected", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"0.1\" selected", html, StringComparison.Ordinal);
        Assert.Contains("name=\"noise\" type=\"range\" min=\"0\" max=\"50\" step=\"5\" value=\"20\"", html, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
