using System.Net;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace BackpropServer.Server.Tests.Classes;

/// <summary>
/// Every dashboard page, export, action and the hub group, as an anonymous visitor, a joined student, another teacher
/// and the owner: only the owner gets the class; another teacher gets 404, never the data.
/// </summary>
public sealed class AuthorizationMatrixTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>, IAsyncLifetime
{
    private Student _owner = null!;
    private Student _otherTeacher = null!;
    private Student _student = null!;
    private Student _anonymous = null!;
    private Guid _class;

    public async Task InitializeAsync()
    {
        _owner = app.NewStudent();
        await _owner.RegisterAsync($"{Guid.NewGuid():N}@school.example", "Owner");
        string code;
        (_class, code) = await _owner.CreateClassAsync("Secret class");
        _otherTeacher = app.NewStudent();
        await _otherTeacher.RegisterAsync($"{Guid.NewGuid():N}@school.example", "Other");
        _student = app.NewStudent();
        await _student.JoinAsync(code, "Pupil");
        _anonymous = app.NewStudent();
        await _anonymous.OpenLessonAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var browser in new[] { _owner, _otherTeacher, _student, _anonymous })
        {
            await browser.DisposeAsync();
        }
    }

    public static TheoryData<string> Reads() => new() { "/classes/{id}", "/classes/{id}/roster.csv", "/classes/{id}/questions.csv" };

    public static TheoryData<string, string> Actions() => new()
    {
        { "/classes/{id}/open", "open=false" },
        { "/classes/{id}/rotate", "" },
        { "/classes/{id}/delete", "confirm=yes" },
        { "/classes/{id}/students/{student}/delete", "" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_answer_the_owner_only(string path)
    {
        var url = new Uri(path.Replace("{id}", _class.ToString(), StringComparison.Ordinal), UriKind.Relative);

        var anonymous = await _anonymous.Http.GetAsync(url);
        var student = await _student.Http.GetAsync(url);
        var other = await _otherTeacher.Http.GetAsync(url);
        var owner = await _owner.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/teachers/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, student.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("Pupil", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Contains(path.EndsWith("questions.csv", StringComparison.Ordinal) ? "Most common wrong answer" : "Pupil",
            await owner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_fragment_for_htmx_is_refused_without_a_redirect()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/classes/{_class}", UriKind.Relative));
        request.Headers.Add("HX-Request", "true");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.Http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Actions_change_nothing_unless_the_owner_asks(string path, string body)
    {
        string owned = await _owner.OpenPageAsync($"/classes/{_class}");
        string studentRow = System.Text.RegularExpressions.Regex.Match(owned, "<tr data-student=\"([0-9a-f-]+)\"").Groups[1].Value;
        string url = path.Replace("{id}", _class.ToString(), StringComparison.Ordinal).Replace("{student}", studentRow, StringComparison.Ordinal);
        var fields = body.Length == 0 ? [] : new[] { new KeyValuePair<string, string>(body.Split('=')[0], body.Split('=')[1]) };

        await _otherTeacher.OpenPageAsync("/classes");
        var other = await _otherTeacher.PostFormAsync(url, fields, htmx: false);
        await _anonymous.OpenLessonAsync();
        var anonymous = await _anonymous.PostFormAsync(url, fields, htmx: false);
        await _student.OpenLessonAsync();
        var student = await _student.PostFormAsync(url, fields, htmx: false);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, student.StatusCode);
        // Still all there: open for joining, same code, the student still on the roster.
        Assert.Equal(WithoutTokens(owned), WithoutTokens(await _owner.Http.GetStringAsync(new Uri($"/classes/{_class}", UriKind.Relative))));

        await _owner.OpenPageAsync($"/classes/{_class}");
        var mine = await _owner.PostFormAsync(url, fields, htmx: false);
        Assert.Equal(HttpStatusCode.SeeOther, mine.StatusCode);
    }

    // Antiforgery request tokens differ on every render; everything else must be the same.
    private static string WithoutTokens(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "(value|hx-headers)=\"[^\"]*CfDJ8[^\"]*\"", "");

    [Fact]
    public async Task Only_the_owner_can_join_the_class_hub_group()
    {
        await using var anonymous = _anonymous.Hub("hubs/classes");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StartAsync());

        await using var other = _otherTeacher.Hub("hubs/classes");
        await other.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync("WatchClass", _class));
        Assert.Contains("No such class", refused.Message, StringComparison.Ordinal);

        await using var owner = _owner.Hub("hubs/classes");
        await owner.StartAsync();
        await owner.InvokeAsync("WatchClass", _class);
    }
}
