using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BackpropServer.Server.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class QuizBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Taking_the_quiz_with_javascript_shows_the_score_without_reloading_the_page()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("quiz");
        await page.EvaluateAsync("() => { window.stillTheSamePage = true; }");

        await AnswerEverythingAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attempt 1:" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".quiz-result .score")).ToContainTextAsync("of 10 questions right");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page reloaded");
        await Assertions.Expect(page.Locator("#attempt-history")).ToContainTextAsync("Attempt 1");
        await BrowserFixture.ScreenshotAsync(page, "quiz-result");
        Assert.Empty(browser.Problems[page]);
    }

    [BrowserFact]
    public async Task Taking_the_quiz_without_javascript_posts_the_form_and_shows_the_score()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("quiz");

        await AnswerEverythingAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("quiz/attempts/1$"));
        await Assertions.Expect(page.Locator(".quiz-result .score")).ToContainTextAsync("of 10 questions right");
        await BrowserFixture.ScreenshotAsync(page, "quiz-result-without-javascript");
    }

    [BrowserFact]
    public async Task A_missing_answer_is_shown_next_to_its_question()
    {
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync("quiz");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit my answers" }).ClickAsync();

        await Assertions.Expect(page.Locator("#error-blame-starts")).ToContainTextAsync("Choose an answer");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was submitted");
        await BrowserFixture.ScreenshotAsync(page, "quiz-errors-phone");
    }

    private static async Task AnswerEverythingAsync(IPage page)
    {
        foreach (string id in new[] { "blame-starts-b", "relu-off-c", "zero-grad-d", "hidden-gradient-needs-a", "hidden-gradient-needs-b", "step-truths-a", "step-truths-c", "step-truths-e", "live-next-step-up" })
        {
            await page.Locator($"#{id}").CheckAsync();
        }
        await page.Locator("#weight-gradient-answer").FillAsync("-0.217");
        await page.Locator("#sgd-update-answer").FillAsync("-0,45");
        await page.Locator("#hidden-delta-answer").FillAsync("0.1024");
        await page.Locator("#live-largest-gradient-answer").SelectOptionAsync(new SelectOptionValue { Index = 1 });
    }
}
