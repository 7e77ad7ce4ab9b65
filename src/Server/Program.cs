using BackpropServer.Server.Lesson;
using BackpropServer.Server.Shared;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The web root is copied next to the app at build and publish time (see Server.csproj).
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.Services.AddSiteShell();
builder.Services.AddLessons(builder.Configuration);

var app = builder.Build();

app.UseSiteShell();
app.MapLesson();

app.Run();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
