namespace BackpropServer.Server.Shared;

/// <summary>
/// 303 See Other: after a plain form POST the browser follows with a GET, so a reload does not post the form again.
/// (The framework's redirect results only send 301, 302, 307 or 308.)
/// </summary>
public sealed class SeeOther(string location) : IResult, IStatusCodeHttpResult
{
    public string Location { get; } = location;

    public int? StatusCode => StatusCodes.Status303SeeOther;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
