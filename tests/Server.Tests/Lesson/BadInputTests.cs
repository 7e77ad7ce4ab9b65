using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Lesson;

/// <summary>Every bad input gets a 400 problem details naming the field, and leaves the network as it was.</summary>
public sealed class BadInputTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    public static TheoryData<string, string, string, string> BadRequests() => new()
    {
        { "PUT", "/api/network/settings", """{"learningRate": 11}""", "learningRate" },
        { "PUT", "/api/network/settings", """{"learningRate": 0}""", "learningRate" },
        { "PUT", "/api/network/settings", """{"learningRate": -0.1}""", "learningRate" },
        { "PUT", "/api/network/settings", """{"learningRate": "NaN"}""", "learningRate" },
        { "PUT", "/api/network/settings", """{"learningRate": NaN}""", "learningRate" },
        { "PUT", "/api/network/settings", """{"hiddenLayers": [50]}""", "hiddenLayers" },
        { "PUT", "/api/network/settings", """{"hiddenLayers": [1,1,1,1,1,1,1,1,1]}""", "hiddenLayers" },
        { "PUT", "/api/network/settings", """{"dataset": "moons"}""", "dataset" },
        { "PUT", "/api/network/settings", """{"activation": "swish"}""", "activation" },
        { "PUT", "/api/network/settings", """{"noise": 0.9}""", "noise" },
        { "PUT", "/api/network/settings", """{"seed": -4}""", "seed" },
        { "PUT", "/api/network/settings", """{"batchSize": "ten"}""", "batchSize" },
        { "PUT", "/api/network/settings", """{"learningRate": 0.1, "bogus": 1}""", "bogus" },
        { "PUT", "/api/network/settings", """{"learningRate": 0.1""", "learningRate" },
        { "POST", "/api/network/steps", """{"count": 1000000000}""", "count" },
        { "POST", "/api/network/steps", """{"count": 0}""", "count" },
        { "POST", "/api/network/steps", """{"count": 10000000000}""", "count" },
        { "POST", "/api/network/steps", """{"count": "many"}""", "count" },
        { "POST", "/api/network/steps", """{}""", "count" },
        { "POST", "/api/network/steps", """[]""", "body" },
        { "POST", "/api/network/trace", """{"point": 5000}""", "point" },
        { "POST", "/api/network/reset", """{"seed": -1}""", "seed" },
        { "POST", "/api/network/play", """{"playing": "yes"}""", "playing" },
        { "POST", "/api/network/import", """{"format": "backprop-network"}""", "config" },
        { "POST", "/api/network/import", """not json""", "state" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string method, string path, string body, string field)
    {
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        await student.StepAsync(2);
        var before = await student.GetSnapshotAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var response = await student.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        var after = await student.GetSnapshotAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Parameters, after.Parameters);
        Assert.Equal(before.LearningRate, after.LearningRate);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("37")]
    public async Task Gradient_check_of_a_parameter_that_does_not_exist_is_a_400(string parameter)
    {
        await using var student = app.NewStudent();
        var response = await student.Http.GetAsync(new Uri($"/api/network/gradient-check/{parameter}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"parameter\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_refused_as_unsupported_media()
    {
        await using var student = app.NewStudent();
        var response = await student.Http.PostAsync(new Uri("/api/network/steps", UriKind.Relative), new StringContent("count=5"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Oversized_import_is_refused()
    {
        await using var student = app.NewStudent();
        var huge = new StringContent("{\"padding\":\"" + new string('x', 2_000_000) + "\"}", Encoding.UTF8, "application/json");

        var response = await student.Http.PostAsync(new Uri("/api/network/import", UriKind.Relative), huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
