namespace BackpropServer.Server.Shared;

/// <summary>
/// Where the site lives: "/" normally, "/backprop/" when configured with BasePath behind a reverse proxy. Pages build
/// every link from <see cref="Root"/>, so they work at any depth (/classes/…, /quiz/attempts/…) and under any base path,
/// while in-page anchors (#main) stay relative to the page.
/// </summary>
public sealed class SiteUrls
{
    public const string BasePathKey = "BasePath";

    public SiteUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string configured = (configuration[BasePathKey] ?? "").Trim().TrimEnd('/');
        if (configured.Length > 0 && (!configured.StartsWith('/') || configured.Contains("//", StringComparison.Ordinal) || configured.Any(char.IsWhiteSpace)))
        {
            throw new InvalidOperationException($"{BasePathKey} must be a path starting with '/', such as /backprop (it is \"{configuration[BasePathKey]}\").");
        }
        BasePath = configured;
    }

    /// <summary>"" or "/backprop": what the app strips from incoming paths.</summary>
    public string BasePath { get; }

    /// <summary>"/" or "/backprop/": the prefix of every link the pages write.</summary>
    public string Root => BasePath + "/";
}
