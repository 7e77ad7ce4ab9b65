using System.Net;
using BackpropServer.Server.Data;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Tests.Classes;
using BackpropServer.Server.Tests.Infrastructure;
using BackpropServer.Server.Tests.Quiz;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BackpropServer.Server.Tests.Operations;

public sealed class OperationsTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string Folder => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Health_says_alive_and_readiness_fails_when_the_database_is_gone()
    {
        await using var app = new FileDatabaseAppFactory(Folder);
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        SqliteConnection.ClearAllPools();
        File.Move(app.DatabasePath, app.DatabasePath + ".away");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_the_named_instruments_after_a_step_and_a_submission()
    {
        await using var app = new LessonAppFactory();
        await using var student = app.NewStudent();
        await student.OpenLessonAsync();
        var tab = await student.OpenTabAsync();
        await tab.NextAsync();
        await student.StepAsync(3);
        string token = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true);

        string metrics = await student.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        foreach (string series in new[]
        {
            "backprop_sessions_live", "backprop_signalr_connections", "backprop_steps_total", "backprop_step_duration_seconds_bucket",
            "backprop_quiz_submissions_total", "backprop_http_failed_requests_total", "http_server_request_duration_seconds_bucket",
        })
        {
            Assert.Contains(series, metrics, StringComparison.Ordinal);
        }
        // Three steps from the lesson and one that the quiz's next-step question ran. Meter listeners are process-wide,
        // so apps of other tests running alongside may add theirs: at least four.
        var steps = System.Text.RegularExpressions.Regex.Match(metrics, "(?m)^backprop_steps_total\\{[^}]*\\} ([0-9]+)");
        Assert.True(steps.Success && long.Parse(steps.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 4, steps.Value);
    }

    [Fact]
    public async Task A_teachers_sign_in_survives_a_restart_because_the_keys_are_kept_with_the_data()
    {
        Cookie signIn;
        await using (var first = new FileDatabaseAppFactory(Folder))
        {
            await using var teacher = first.NewStudent();
            await teacher.RegisterAsync("keys@school.example");
            signIn = teacher.Cookies.GetCookies(teacher.Http.BaseAddress!)["bp_teacher"]!;
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Folder, "keys"), "*.xml"));

        await using var second = new FileDatabaseAppFactory(Folder);
        await using var back = second.NewStudent();
        back.Cookies.Add(back.Http.BaseAddress!, new Cookie(signIn.Name, signIn.Value));

        Assert.Equal(HttpStatusCode.OK, (await back.Http.GetAsync(new Uri("/classes", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("Lesson:MaxSessions", "0", "Lesson:MaxSessions")]
    [InlineData("Lesson:PlayStepsPerSecond", "50", "Lesson:PlayStepsPerSecond")]
    [InlineData("Lesson:SessionIdleTimeout", "soon", "Lesson:SessionIdleTimeout")]
    [InlineData("BasePath", "backprop", "BasePath")]
    [InlineData("Teachers:AdminEmail", "root@school.example", "Teachers:AdminPassword")]
    [InlineData("ForwardedHeaders:KnownProxies", "the proxy", "ForwardedHeaders:KnownProxies")]
    public void Invalid_configuration_stops_the_start_naming_the_key(string key, string value, string named)
    {
        using var app = new ConfiguredAppFactory(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_can_live_under_a_base_path()
    {
        await using var app = new ConfiguredAppFactory("BasePath", "/backprop");
        using var http = app.CreateClient();

        string page = await http.GetStringAsync(new Uri("/backprop/", UriKind.Relative));

        Assert.Contains("href=\"/backprop/css/site.css\"", page, StringComparison.Ordinal);
        Assert.Contains("data-hub=\"/backprop/hubs/network\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/backprop/css/site.css", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_backup_taken_while_the_app_runs_holds_the_acknowledged_submissions()
    {
        await using var app = new FileDatabaseAppFactory(Folder);
        await using var student = app.NewStudent();
        string token = await student.OpenQuizAsync();
        await student.SubmitQuizAsync(token, await student.RightAnswersAsync(), htmx: true);
        string backup = Path.Combine(Folder, "backups", "copy.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("DataDirectory", Folder)]).Build();

        int exit = await DatabaseBackup.RunAsync(configuration, new TestEnvironment(Folder), ["backup", backup]);

        Assert.Equal(0, exit);
        using var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Attempts WHERE State = 1";
        Assert.Equal(1L, command.ExecuteScalar());
        Assert.Equal(2, await DatabaseBackup.RunAsync(configuration, new TestEnvironment(Folder), ["backup", backup]));
    }

    private static string Flatten(Exception error) => error.InnerException is null ? error.Message : error.Message + " " + Flatten(error.InnerException);

    private sealed class ConfiguredAppFactory(string key, string value) : LessonAppFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings => [(key, value)];
    }

    private sealed class TestEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "BackpropServer.Server";
        public string ContentRootPath { get; set; } = root;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
