using System.Net;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Classes;

/// <summary>A hosted site: closed registration, an administrator from configuration, strict rate limits.</summary>
public sealed class HostedSiteTests : IAsyncLifetime
{
    private readonly HostedSiteAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Registration_is_closed_and_says_so()
    {
        await using var browser = _app.NewStudent();
        string page = await browser.OpenPageAsync("/teachers/register");
        Assert.Contains("does not take new teacher accounts", page, StringComparison.Ordinal);
        await browser.OpenPageAsync("/teachers/sign-in");

        var response = await browser.PostFormAsync("/teachers/register",
            [new("displayName", "X"), new("email", "x@school.example"), new("password", Teachers.Password), new("confirmPassword", Teachers.Password)], htmx: false);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_configured_administrator_creates_a_teacher_who_can_then_sign_in()
    {
        await using var admin = _app.NewStudent();
        Assert.Equal(HttpStatusCode.SeeOther, (await admin.SignInAsync(HostedSiteAppFactory.AdminEmail, HostedSiteAppFactory.AdminPassword)).StatusCode);
        await admin.OpenPageAsync("/teachers/admin");

        var created = await admin.PostFormAsync("/teachers/admin",
            [new("displayName", "Mr Okafor"), new("email", "okafor@school.example"), new("password", "a first password")], htmx: false);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("okafor@school.example", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var teacher = _app.NewStudent();
        Assert.Equal(HttpStatusCode.SeeOther, (await teacher.SignInAsync("okafor@school.example", "a first password")).StatusCode);
        // A teacher is not an administrator.
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.Http.GetAsync(new Uri("/teachers/admin", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_client()
    {
        await using var browser = _app.NewStudent();
        await browser.OpenPageAsync("/teachers/sign-in");
        var statuses = new List<HttpStatusCode>();
        for (int k = 0; k < 8; k++)
        {
            statuses.Add((await browser.PostFormAsync("/teachers/sign-in", [new("email", "a@b.example"), new("password", "x")], htmx: false)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(6));
    }

    [Fact]
    public async Task Joining_is_rate_limited_so_codes_cannot_be_guessed_quickly()
    {
        await using var student = _app.NewStudent();
        var statuses = new List<HttpStatusCode>();
        for (int k = 0; k < 5; k++)
        {
            statuses.Add((await student.JoinAsync($"AAA-AA{k + 2}", "Guesser")).StatusCode);
        }
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
