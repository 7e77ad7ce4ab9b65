namespace BackpropServer.Server.Shared;

/// <summary>A plain form's state for rendering: what was entered, the problems by field, and the antiforgery token.</summary>
public sealed record FormView(string AntiforgeryFieldName, string AntiforgeryToken)
{
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>A message about the form as a whole (e.g. "Email or password is not right").</summary>
    public string? Message { get; init; }

    public string? Value(string field) => Values.TryGetValue(field, out var v) ? v : null;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public static FormView For(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(context);
        return new FormView(tokens.FormFieldName, tokens.RequestToken!);
    }
}
