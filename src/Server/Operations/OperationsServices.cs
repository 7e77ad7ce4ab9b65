using System.Net;
using BackpropServer.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry.Metrics;

namespace BackpropServer.Server.Operations;

/// <summary>
/// What an operator needs: health and readiness, metrics for Prometheus, keys that survive restarts, proxy headers,
/// optional HTTPS redirection, and a bounded graceful shutdown.
/// </summary>
public static class OperationsServices
{
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // On SIGTERM Kestrel stops accepting, in-flight requests (submissions) finish, and the process is gone within 10 s.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(8));

        services.AddHealthChecks().AddDatabaseReadiness();

        // Sign-in cookies and antiforgery tokens are encrypted with these keys; kept beside the database, they survive
        // restarts and upgrades of the container.
        services.AddDataProtection()
            .SetApplicationName("BackpropServer")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DatabaseServices.DataDirectory(configuration, environment), "keys")));

        services.AddSingleton<BackpropMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BackpropMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        // Parsed now, so a mistyped proxy address stops the start instead of surfacing on the first request.
        var proxies = (configuration["ForwardedHeaders:KnownProxies"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(proxy => IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies must list IP addresses; \"{proxy}\" is not one."))
            .ToArray();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
        });
        return services;
    }

    public static WebApplication UseOperations(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            app.UseForwardedHeaders();
        }
        if (configuration.GetValue("HttpsRedirection:Enabled", false))
        {
            app.UseHttpsRedirection();
        }
        var metrics = app.Services.GetRequiredService<BackpropMetrics>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
                {
                    metrics.FailedRequest();
                }
            }
        });
        return app;
    }

    /// <summary>/healthz: the process answers. /readyz: the database answers too. /metrics: Prometheus.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseServices.ReadyTag) }).ExcludeFromDescription();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
