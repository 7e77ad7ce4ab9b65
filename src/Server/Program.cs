using BackpropServer.Server.Classes;
using BackpropServer.Server.Data;
using BackpropServer.Server.Lesson;
using BackpropServer.Server.Operations;
using BackpropServer.Server.Quiz;
using BackpropServer.Server.Shared;
using BackpropServer.Server.Teachers;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The web root is copied next to the app at build and publish time (see Server.csproj).
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

if (DatabaseBackup.IsRequested(args))
{
    return await DatabaseBackup.RunAsync(builder.Configuration, builder.Environment, args);
}

builder.Services.AddSiteShell();
builder.Services.AddOperations(builder.Configuration, builder.Environment);
builder.Services.AddDatabase(builder.Configuration, builder.Environment);
builder.Services.AddLessons(builder.Configuration);
builder.Services.AddQuiz();
builder.Services.AddTeachers(builder.Configuration);
builder.Services.AddClasses();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();
await app.Services.EnsureAdministratorAsync();
app.UseOperations();
app.UseSiteShell();
app.MapOperations();
app.MapLesson();
app.MapQuiz();
app.MapTeachers();
app.MapClasses();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
