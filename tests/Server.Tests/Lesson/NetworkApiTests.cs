using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Lesson;

public sealed class NetworkApiTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task Export_then_import_into_another_browser_gives_the_same_network_and_training_run()
    {
        await using var teacher = app.NewStudent();
        await using var student = app.NewStudent();
        await teacher.OpenLessonAsync();
        await student.OpenLessonAsync();
        await teacher.Http.PutAsJsonAsync(new Uri("/api/network/settings", UriKind.Relative), new { batchSize = 10, momentum = 0.5, seed = 12 });
        await teacher.StepAsync(15);

        var export = await teacher.Http.GetAsync(new Uri("/api/network/export", UriKind.Relative));
        Assert.Equal("attachment; filename=\"network-step-15.json\"", export.Content.Headers.ContentDisposition?.ToString());
        string json = await export.Content.ReadAsStringAsync();
        var imported = await student.Http.PostAsync(new Uri("/api/network/import", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

        imported.EnsureSuccessStatusCode();
        Assert.Equal((await teacher.GetSnapshotAsync()).Parameters, (await student.GetSnapshotAsync()).Parameters);
        await teacher.StepAsync(5);
        await student.StepAsync(5);
        var a = await teacher.GetSnapshotAsync();
        var b = await student.GetSnapshotAsync();
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(20, b.Step);
    }

    [Fact]
    public async Task Divergence_stops_training_explains_itself_and_never_sends_nan()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();
        await student.Http.PutAsJsonAsync(new Uri("/api/network/settings", UriKind.Relative),
            new { dataset = "plane", activation = "linear", hiddenLayers = new[] { 8, 8, 8 }, learningRate = 10 });

        var summary = await student.StepAsync(200);

        Assert.True(summary.Diverged);
        string raw = await student.Http.GetStringAsync(new Uri("/api/network", UriKind.Relative));
        Assert.DoesNotContain("NaN", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", raw, StringComparison.Ordinal);
        Assert.True((await tab.WaitForStepAsync(summary.Step)).Diverged);
        string page = await student.OpenLessonAsync();
        Assert.Contains("Training diverged", page, StringComparison.Ordinal);
        Assert.Contains("learning rate", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"divergence\" class=\"alert\" role=\"alert\" hidden", page, StringComparison.Ordinal);
        // More steps are refused quietly; a reset recovers.
        Assert.Equal(summary.Step, (await student.StepAsync(5)).Step);
        var reset = await student.Http.PostAsJsonAsync(new Uri("/api/network/reset", UriKind.Relative), new { });
        reset.EnsureSuccessStatusCode();
        Assert.False((await student.GetSnapshotAsync()).Diverged);
    }

    [Fact]
    public async Task Gradient_check_compares_a_poke_with_backprop()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(5);
        var before = await student.GetSnapshotAsync();

        var check = await student.Http.GetFromJsonAsync<GradientCheckResponse>(new Uri("/api/network/gradient-check/3", UriKind.Relative), Student.Json);

        Assert.NotNull(check);
        Assert.Equal("layers.0.weight", check.ParameterName);
        Assert.True(check.RelativeError < 1e-6, $"relative error {check.RelativeError}");
        Assert.Equal(74, check.ForwardPassesToPokeEveryWeight);
        Assert.Equal(37, check.ParameterCount);
        Assert.Equal(before.Parameters, (await student.GetSnapshotAsync()).Parameters);
    }

    [Fact]
    public async Task Tracing_a_point_changes_the_traced_example_in_the_snapshot()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var dataset = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/network/dataset", UriKind.Relative));
        var point = dataset.GetProperty("test")[2];
        int index = dataset.GetProperty("train").GetArrayLength() + 2;

        var response = await student.Http.PostAsJsonAsync(new Uri("/api/network/trace", UriKind.Relative), new { point = index });

        response.EnsureSuccessStatusCode();
        var snapshot = await student.GetSnapshotAsync();
        Assert.Equal(index, snapshot.TracedPoint);
        Assert.Equal(point[0].GetDouble(), snapshot.TraceA[0]);
        Assert.Equal(point[1].GetDouble(), snapshot.TraceA[1]);
    }

    [Fact]
    public async Task Openapi_document_describes_the_network_api()
    {
        await using var student = app.NewStudent();
        var document = await student.Http.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths");

        foreach (string path in new[] { "/api/network", "/api/network/steps", "/api/network/settings", "/api/network/reset", "/api/network/export", "/api/network/import" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        Assert.False(paths.TryGetProperty("/lesson/step", out _));
    }

    [Fact]
    public async Task Settings_change_that_keeps_the_shape_keeps_the_weights()
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(4);
        var before = await student.GetSnapshotAsync();

        var response = await student.Http.PutAsJsonAsync(new Uri("/api/network/settings", UriKind.Relative), new { learningRate = 1 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("reset").GetBoolean());
        var after = await student.GetSnapshotAsync();
        Assert.Equal(before.Parameters, after.Parameters);
        Assert.Equal(1, after.LearningRate);
    }
}
