using System.Globalization;
using System.Text.Json;
using BackpropServer.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BackpropServer.Server.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LessonBrowserTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Train_one_step_advances_the_step_counter_and_changes_the_loss()
    {
        var page = await browser.NewPageAsync();
        var formPosts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                formPosts.Add(request.Url);
            }
        };
        await page.GotoAsync("");
        await WaitForLiveDiagramAsync(page);
        string before = await page.Locator("#step-status").InnerTextAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Train one step" }).ClickAsync();

        await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync("Step 1");
        string after = await page.Locator("#step-status").InnerTextAsync();
        Assert.NotEqual(LossIn(before), LossIn(after));
        // A live page trains through its open hub connection, not with a form request.
        Assert.DoesNotContain(formPosts, url => url.Contains("lesson/step", StringComparison.Ordinal));
        await BrowserFixture.ScreenshotAsync(page, "lesson-after-one-step");
        Assert.Empty(browser.Problems[page]);
    }

    [BrowserFact]
    public async Task Drawn_connection_widths_order_the_same_way_as_the_gradients()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("");
        await WaitForLiveDiagramAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Train one step" }).ClickAsync();
        await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync("Step 1");
        var snapshot = await SnapshotAsync(page);
        await page.WaitForFunctionAsync("() => document.querySelector('#diagram svg')?.dataset.step === '1'");

        var widths = await page.Locator("#diagram line[data-param]").EvaluateAllAsync<double[][]>(
            "lines => lines.map(l => [Number(l.dataset.param), Number(l.getAttribute('stroke-width'))])");

        Assert.Equal(28, widths.Length);
        var gradients = snapshot.GetProperty("gradients");
        var ordered = widths.OrderBy(w => Math.Abs(gradients[(int)w[0]].GetDouble())).ToArray();
        for (int k = 1; k < ordered.Length; k++)
        {
            Assert.True(ordered[k][1] >= ordered[k - 1][1] - 1e-6,
                $"parameter {ordered[k][0]} has a larger |gradient| than {ordered[k - 1][0]} but a thinner line");
        }
        Assert.True(ordered[^1][1] > ordered[0][1], "every line has the same width");
    }

    [BrowserFact]
    public async Task Over_20_steps_on_the_default_data_the_loss_falls()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("");
        await WaitForLiveDiagramAsync(page);
        double first = (await SnapshotAsync(page)).GetProperty("trainLoss").GetDouble();

        var train = page.GetByRole(AriaRole.Button, new() { Name = "Train one step" });
        for (int step = 1; step <= 20; step++)
        {
            await train.ClickAsync();
            await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync($"Step {step} ");
        }

        double last = LossIn(await page.Locator("#step-status").InnerTextAsync());
        Assert.True(last < first, $"loss went from {first} to {last}");
        await BrowserFixture.ScreenshotAsync(page, "lesson-after-20-steps");
        Assert.Empty(browser.Problems[page]);
    }

    [BrowserFact]
    public async Task Without_a_live_connection_the_train_buttons_still_train_through_the_form()
    {
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/hubs/network**", route => route.AbortAsync());
        await page.GotoAsync("");
        await Assertions.Expect(page.Locator(".connection-status")).ToHaveAttributeAsync("data-state", "offline");

        await page.GetByRole(AriaRole.Button, new() { Name = "Train 10", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync("Step 10");
        Assert.Equal(10, (await SnapshotAsync(page)).GetProperty("step").GetInt64());
    }

    [BrowserFact]
    public async Task The_pages_decision_picture_matches_the_servers_grid_for_the_same_weights()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("");
        await WaitForLiveDiagramAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Train 100", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync("Step 100");

        // The pushed snapshot carries no grid; the page works it out from the weights. Fed the API's doubles, it must
        // land on the server's own grid (which uses the engine's deterministic maths) to rounding, for every
        // activation and for the regression head too.
        const string Worst = """
            async (settings) => {
              const { predictGrid } = await import(new URL('js/grid.js', document.baseURI));
              if (settings) {
                const json = { 'Content-Type': 'application/json' };
                await fetch('api/network/settings', { method: 'PUT', headers: json, body: JSON.stringify(settings) });
                await fetch('api/network/steps', { method: 'POST', headers: json, body: JSON.stringify({ count: 30 }) });
              }
              const s = await (await fetch('api/network')).json();
              if (settings && (s.activation !== settings.activation || s.dataset !== settings.dataset || s.step !== 30)) return Infinity;
              const grid = predictGrid(s);
              if (grid.length !== s.grid.length) return Infinity;
              return Math.max(...grid.map((v, k) => Math.abs(v - s.grid[k]) / Math.max(1, Math.abs(s.grid[k]))));
            }
            """;
        Assert.InRange(await page.EvaluateAsync<double>(Worst, null), 0, 1e-9);
        await BrowserFixture.ScreenshotAsync(page, "lesson-after-100-steps");
        foreach (var settings in new object[]
        {
            new { activation = "relu", dataset = "plane" },
            new { activation = "sigmoid", dataset = "xor", hiddenLayers = new[] { 3 } },
            new { activation = "linear", dataset = "gaussians", hiddenLayers = Array.Empty<int>() },
        })
        {
            Assert.InRange(await page.EvaluateAsync<double>(Worst, settings), 0, 1e-9);
        }
        Assert.Empty(browser.Problems[page]);
    }

    [BrowserFact]
    public async Task Without_javascript_the_lesson_and_a_picture_of_the_network_still_show()
    {
        var page = await browser.NewPageAsync(javaScript: false);
        await page.GotoAsync("");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backpropagation Intuition" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#why-backprop")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("p.notice", new() { HasText = "needs JavaScript" })).ToBeVisibleAsync();
        Assert.Equal(28, await page.Locator("#diagram svg.network line").CountAsync());

        // The buttons still train, by plain form posts.
        await page.GetByRole(AriaRole.Button, new() { Name = "Train 10", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#step-status")).ToContainTextAsync("Step 10");
        await BrowserFixture.ScreenshotAsync(page, "lesson-without-javascript");
    }

    [BrowserFact]
    public async Task On_a_phone_the_diagram_comes_before_the_controls_and_the_chart_and_nothing_scrolls_sideways()
    {
        var page = await browser.NewPageAsync(390, 844);
        await page.GotoAsync("#activity");
        await WaitForLiveDiagramAsync(page);

        double diagram = (await page.Locator("#diagram").BoundingBoxAsync())!.Y;
        // #controls itself is laid out with display: contents on phones, so its first form stands for it.
        double controls = (await page.Locator("#controls .train-form").BoundingBoxAsync())!.Y;
        double chart = (await page.Locator("#loss-chart").BoundingBoxAsync())!.Y;
        Assert.True(diagram < controls && controls < chart, $"diagram {diagram}, controls {controls}, chart {chart}");
        int overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
        await BrowserFixture.ScreenshotAsync(page, "lesson-phone");
        Assert.Empty(browser.Problems[page]);
    }

    [BrowserFact]
    public async Task The_diagrams_view_and_scale_choices_survive_a_reload()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("");
        await WaitForLiveDiagramAsync(page);
        await page.GetByLabel("weights w").CheckAsync();
        await page.GetByLabel("Log scale").CheckAsync();

        await page.ReloadAsync();
        await WaitForLiveDiagramAsync(page);

        await Assertions.Expect(page.GetByLabel("weights w")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Log scale")).ToBeCheckedAsync();
        Assert.Empty(browser.Problems[page]);
    }

    private static async Task WaitForLiveDiagramAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => document.querySelector('#diagram svg')?.dataset.live === 'true'");

    private static async Task<JsonElement> SnapshotAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("api/network");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    // "Step 3 · train loss 0.6812 · …"
    private static double LossIn(string status)
    {
        string after = status[(status.IndexOf("train loss", StringComparison.Ordinal) + "train loss".Length)..].Trim();
        return double.Parse(after.Split(' ', '·')[0], CultureInfo.InvariantCulture);
    }
}
