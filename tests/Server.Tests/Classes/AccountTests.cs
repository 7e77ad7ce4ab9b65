using System.Net;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Classes;

public sealed class AccountTests(LessonAppFactory app) : IClassFixture<LessonAppFactory>
{
    [Fact]
    public async Task A_teacher_registers_signs_out_and_signs_in_again()
    {
        await using var browser = app.NewStudent();
        await browser.RegisterAsync("rivera@school.example");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(new Uri("/classes", UriKind.Relative))).StatusCode);
        var cookie = browser.Cookies.GetCookies(browser.Http.BaseAddress!)["bp_teacher"];
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);

        await browser.OpenPageAsync("/classes");
        var signedOut = await browser.PostFormAsync("/teachers/sign-out", [], htmx: false);
        Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        var after = await browser.Http.GetAsync(new Uri("/classes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/teachers/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var signedIn = await browser.SignInAsync("rivera@school.example", Teachers.Password);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        Assert.Equal("/classes", signedIn.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("short", "password", "at least 10")]
    [InlineData("aaaaaaaaaaaa", "password", "different characters")]
    public async Task A_weak_password_is_refused_next_to_its_field(string password, string field, string words)
    {
        await using var browser = app.NewStudent();
        await browser.OpenPageAsync("/teachers/register");
        var response = await browser.PostFormAsync("/teachers/register",
            [new("displayName", "T"), new("email", "weak@school.example"), new("password", password), new("confirmPassword", password)], htmx: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"id=\"error-{field}\"", html, StringComparison.Ordinal);
        Assert.Contains(words, html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SignInAsync("weak@school.example", password)).StatusCode);
    }

    [Fact]
    public async Task The_same_email_cannot_register_twice()
    {
        await using var first = app.NewStudent();
        await using var second = app.NewStudent();
        await first.RegisterAsync("twice@school.example");
        await second.OpenPageAsync("/teachers/register");

        var response = await second.PostFormAsync("/teachers/register",
            [new("displayName", "Other"), new("email", "twice@school.example"), new("password", Teachers.Password), new("confirmPassword", Teachers.Password)], htmx: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already an account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await using var owner = app.NewStudent();
        await owner.RegisterAsync("locked@school.example");
        await using var attacker = app.NewStudent();
        for (int k = 0; k < 5; k++)
        {
            var wrong = await attacker.SignInAsync("locked@school.example", "not the password " + k);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var right = await attacker.SignInAsync("locked@school.example", Teachers.Password);

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_email_and_wrong_password_get_the_same_message()
    {
        await using var owner = app.NewStudent();
        await owner.RegisterAsync("same@school.example");
        await using var stranger = app.NewStudent();

        string noAccount = await (await stranger.SignInAsync("nobody@school.example", Teachers.Password)).Content.ReadAsStringAsync();
        string wrongPassword = await (await stranger.SignInAsync("same@school.example", "the wrong password")).Content.ReadAsStringAsync();

        Assert.Contains("do not match an account", noAccount, StringComparison.Ordinal);
        Assert.Contains("do not match an account", wrongPassword, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_teacher_changes_their_password()
    {
        await using var browser = app.NewStudent();
        await browser.RegisterAsync("change@school.example");
        await browser.OpenPageAsync("/teachers/password");

        var wrong = await browser.PostFormAsync("/teachers/password",
            [new("currentPassword", "not it at all"), new("newPassword", "another long password"), new("confirmPassword", "another long password")], htmx: false);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"error-currentPassword\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await browser.PostFormAsync("/teachers/password",
            [new("currentPassword", Teachers.Password), new("newPassword", "another long password"), new("confirmPassword", "another long password")], htmx: false);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        await using var later = app.NewStudent();
        Assert.Equal(HttpStatusCode.BadRequest, (await later.SignInAsync("change@school.example", Teachers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await later.SignInAsync("change@school.example", "another long password")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_only_returns_to_pages_of_this_site()
    {
        await using var owner = app.NewStudent();
        await owner.RegisterAsync("return@school.example");
        await using var browser = app.NewStudent();
        await browser.OpenPageAsync("/teachers/sign-in");

        var response = await browser.PostFormAsync("/teachers/sign-in",
            [new("email", "return@school.example"), new("password", Teachers.Password), new("returnUrl", "//evil.example/")], htmx: false);

        Assert.Equal("/classes", response.Headers.Location!.OriginalString);
    }
}
