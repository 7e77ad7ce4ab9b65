using System.Text;
using BackpropServer.Server.Tests.Classes;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BackpropServer.Server.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ClassBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_students_submission_appears_on_the_open_dashboard_without_a_reload_and_the_csv_downloads()
    {
        // The teacher registers and creates a class.
        var teacher = await browser.NewPageAsync();
        await teacher.GotoAsync("teachers/register");
        await teacher.GetByLabel("Your name (students see it)").FillAsync("Ms Rivera");
        await teacher.GetByLabel("Email").FillAsync($"{Guid.NewGuid():N}@school.example");
        await teacher.GetByLabel("Password", new() { Exact = true }).FillAsync(BackpropServer.Server.Tests.Classes.Teachers.Password);
        await teacher.GetByLabel("Password again").FillAsync(BackpropServer.Server.Tests.Classes.Teachers.Password);
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await teacher.GetByLabel("Class name").FillAsync("Period 3");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Create the class" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Period 3" })).ToBeVisibleAsync();
        await Assertions.Expect(teacher.Locator("#dashboard-status")).ToContainTextAsync("Live");
        string code = await teacher.Locator(".join-code .code").InnerTextAsync();
        await teacher.EvaluateAsync("() => { window.stillTheSamePage = true; }");

        // A student, in another browser profile, joins and takes the quiz.
        var student = await browser.NewPageAsync(390, 844);
        await student.GotoAsync("join");
        await student.GetByLabel("Class code").FillAsync(code);
        await student.GetByLabel("Your name").FillAsync("Noor");
        await student.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Assertions.Expect(student.GetByText("You are in Period 3 as Noor")).ToBeVisibleAsync();
        await student.GotoAsync("quiz");
        foreach (string id in new[] { "blame-starts-b", "relu-off-c", "zero-grad-d", "hidden-gradient-needs-a", "hidden-gradient-needs-b", "step-truths-a", "step-truths-c", "step-truths-e", "live-next-step-up" })
        {
            await student.Locator($"#{id}").CheckAsync();
        }
        await student.Locator("#weight-gradient-answer").FillAsync("-0.217");
        await student.Locator("#sgd-update-answer").FillAsync("-0.45");
        await student.Locator("#hidden-delta-answer").FillAsync("0.1024");
        await student.Locator("#live-largest-gradient-answer").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await student.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();
        await Assertions.Expect(student.Locator(".quiz-result .score")).ToBeVisibleAsync();

        // The teacher's open dashboard shows the new row by itself.
        var row = teacher.Locator("#dashboard tr", new() { HasText = "Noor" });
        await Assertions.Expect(row).ToContainTextAsync("/ 10", new() { Timeout = 5000 });
        Assert.True(await teacher.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the dashboard reloaded");
        await Assertions.Expect(teacher.Locator("#distribution-chart canvas")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(teacher, "class-dashboard");

        // The roster downloads as a CSV that parses.
        var download = await teacher.RunAndWaitForDownloadAsync(() => teacher.GetByRole(AriaRole.Link, new() { Name = "Download roster (CSV)" }).ClickAsync());
        string path = await download.PathAsync();
        var rows = Csv.Parse(Encoding.UTF8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF'));
        Assert.Equal("Student", rows[0][0]);
        Assert.Equal("Noor", rows[1][0]);
        Assert.Equal("1", rows[1][2]);
        Assert.Empty(browser.Problems[teacher]);
        Assert.Empty(browser.Problems[student]);
    }
}
