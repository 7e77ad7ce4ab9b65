using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BackpropServer.Server.Shared;

/// <summary>What every page shares: Razor rendering, problem details, antiforgery, static files and security headers.</summary>
public static class SiteShell
{
    // No inline script or style anywhere: every script is a file under wwwroot, so the policy can stay strict.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddSiteShell(this IServiceCollection services)
    {
        services.AddSingleton<SiteUrls>();
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddOpenApi();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.HttpContext.TraceIdentifier));
        return services;
    }

    public static WebApplication UseSiteShell(this WebApplication app)
    {
        string basePath = app.Services.GetRequiredService<SiteUrls>().BasePath;
        if (basePath.Length > 0)
        {
            app.UsePathBase(basePath);
        }
        // A request the server refuses while reading it (too large, cut off) keeps its own status, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            await next(context);
        });
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapOpenApi();
        return app;
    }

    /// <summary>Renders a Razor component as a whole page or an htmx fragment; responses differ by HX-Request, so caches must know.</summary>
    public static RazorComponentResult Render<TComponent>(HttpContext context, object? parameters = null)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        context.Response.Headers.Vary = "HX-Request";
        return parameters is null ? new RazorComponentResult<TComponent>() : new RazorComponentResult<TComponent>(parameters);
    }
}
