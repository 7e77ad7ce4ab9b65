using System.Net;
using System.Text.RegularExpressions;
using BackpropServer.Server.Tests.Infrastructure;

namespace BackpropServer.Server.Tests.Classes;

/// <summary>What teachers and students do in the classes tests, through the same forms a browser posts.</summary>
public static partial class Teachers
{
    public const string Password = "a long enough password";

    /// <summary>Registers a teacher account in this browser (and so signs it in).</summary>
    public static async Task RegisterAsync(this Student browser, string email, string name = "Ms Rivera")
    {
        await browser.OpenPageAsync("/teachers/register");
        var response = await browser.PostFormAsync("/teachers/register",
            [new("displayName", name), new("email", email), new("password", Password), new("confirmPassword", Password)], htmx: false);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    public static async Task<HttpResponseMessage> SignInAsync(this Student browser, string email, string password)
    {
        await browser.OpenPageAsync("/teachers/sign-in");
        return await browser.PostFormAsync("/teachers/sign-in", [new("email", email), new("password", password)], htmx: false);
    }

    /// <summary>Creates a class; returns its id and join code.</summary>
    public static async Task<(Guid Id, string Code)> CreateClassAsync(this Student teacher, string name = "Year 12 Computing")
    {
        await teacher.OpenPageAsync("/classes");
        var created = await teacher.PostFormAsync("/classes", [new("name", name)], htmx: false);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        string page = await teacher.OpenPageAsync($"/classes/{id}");
        return (id, JoinCode().Match(page).Groups[1].Value);
    }

    /// <summary>A student joins with the code and a display name.</summary>
    public static async Task<HttpResponseMessage> JoinAsync(this Student student, string code, string name)
    {
        await student.OpenPageAsync("/join");
        return await student.PostFormAsync("/join", [new("code", code), new("displayName", name)], htmx: false);
    }

    [GeneratedRegex("<strong class=\"code\">([A-Z0-9]{3}-[A-Z0-9]{3})</strong>")]
    private static partial Regex JoinCode();
}
