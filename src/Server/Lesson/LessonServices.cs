using System.Text.Json.Serialization;
using BackpropServer.Server.Lesson.Sessions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackpropServer.Server.Lesson;

public static class LessonServices
{
    /// <summary>Per-session networks, the trainer, SignalR snapshots and play mode.</summary>
    public static IServiceCollection AddLessons(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LessonOptions>()
            .Bind(configuration.GetSection(LessonOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISessionStore, InMemorySessionStore>();
        services.AddSingleton<SnapshotPublisher>();
        services.AddSingleton<NetworkTrainer>();
        services.AddSingleton<PlayLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<PlayLoop>());
        services.AddHostedService<SessionEvictionService>();
        services.AddSignalR();
        services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        return services;
    }
}
