using System.Text.Json;
using BackpropServer.Engine.Training;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// Reads JSON request bodies so that every problem — malformed JSON, a wrong type, a number out of range, an unknown
/// field — becomes a 400 problem details response naming the field, instead of an empty 400.
/// </summary>
public static class ApiJson
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Problem("body", "Send a JSON body with Content-Type: application/json."));
        }
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, StrictOptions(options), request.HttpContext.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, Problem("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problem(FieldOf(e.Path), "This value is not valid here: " + FirstSentence(e.Message)));
        }
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Problem(InvalidConfigException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return TypedResults.ValidationProblem(error.Errors
            .GroupBy(e => e.Setting, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
    }

    private static JsonSerializerOptions? _strict;

    private static JsonSerializerOptions StrictOptions(JsonSerializerOptions options) =>
        _strict ??= new JsonSerializerOptions(options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
