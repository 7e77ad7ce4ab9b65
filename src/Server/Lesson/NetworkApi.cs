using System.Globalization;
using BackpropServer.Engine.Data;
using BackpropServer.Engine.Model;
using BackpropServer.Engine.Training;
using BackpropServer.Server.Lesson.Sessions;
using BackpropServer.Server.Lesson.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BackpropServer.Server.Lesson;

/// <summary>
/// The JSON API over the caller's own network (the session cookie says whose). Documented in docs/API.md and in the
/// OpenAPI document at /openapi/v1.json.
/// </summary>
public static class NetworkApi
{
    private const long SmallBody = 16 * 1024;
    private const long ImportBody = 1024 * 1024;

    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/network")
            .WithTags("Network")
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .WithMetadata(new RequestSizeLimitAttribute(SmallBody));

        api.MapGet("/", GetSnapshotAsync).WithSummary("The current network: weights, last step's gradients and updates, trace, losses, decision grid.");
        api.MapPost("/steps", StepAsync).Accepts<StepRequest>("application/json").WithSummary("Runs 1 to 1000 training steps.");
        api.MapPut("/settings", SettingsAsync).Accepts<SettingsRequest>("application/json")
            .WithSummary("Changes settings. Learning rate, momentum and weight decay keep the weights; other changes start a new network.");
        api.MapPost("/reset", ResetAsync).Accepts<ResetRequest>("application/json").WithSummary("Starts again from seeded weights.");
        api.MapPost("/play", PlayAsync).Accepts<PlayRequest>("application/json").WithSummary("Starts or stops play mode (needs an open lesson page).");
        api.MapPost("/trace", TraceAsync).Accepts<TraceRequest>("application/json").WithSummary("Chooses the data point traced through each step.");
        api.MapGet("/gradient-check/{parameter}", CheckGradientAsync).WithSummary("Backprop's gradient for one parameter next to the finite-difference estimate.");
        api.MapGet("/dataset", GetDatasetAsync).WithSummary("The training and test points.");
        api.MapGet("/history", GetHistoryAsync).WithSummary("Train and test loss after each step.");
        api.MapGet("/export", ExportAsync).WithSummary("The whole network state as versioned JSON.");
        api.MapPost("/import", ImportAsync).Accepts<NetworkState>("application/json")
            .WithMetadata(new RequestSizeLimitAttribute(ImportBody)).WithSummary("Loads a network state exported earlier.");
        return app;
    }

    private static async Task<Ok<NetworkSnapshot>> GetSnapshotAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer) =>
        TypedResults.Ok(await trainer.SnapshotAsync(sessions.ForRequest(context), context.RequestAborted).ConfigureAwait(false));

    private static async Task<Results<Ok<StepSummary>, ValidationProblem>> StepAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var (request, problem) = await ApiJson.ReadAsync<StepRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (request!.Count is not (>= 1 and <= NetworkTrainer.MaxStepsPerRequest))
        {
            return ApiJson.Problem("count", $"The step count must be a whole number from 1 to {NetworkTrainer.MaxStepsPerRequest}.");
        }
        return TypedResults.Ok(await trainer.StepAsync(sessions.ForRequest(context), request.Count.Value, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<SettingsResponse>, ValidationProblem>> SettingsAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var (request, problem) = await ApiJson.ReadAsync<SettingsRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var session = sessions.ForRequest(context);
        var current = await trainer.ReadAsync(session, s => s.Training.Config, context.RequestAborted).ConfigureAwait(false);
        var config = request!.ApplyTo(current);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            return ApiJson.Problem(new InvalidConfigException(errors));
        }
        var outcome = await trainer.ApplySettingsAsync(session, config, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new SettingsResponse(outcome.Reset, outcome.Notice, config));
    }

    private static async Task<Results<Ok<NetworkSnapshot>, ValidationProblem>> ResetAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var request = new ResetRequest(null);
        if (context.Request.ContentLength is not 0)
        {
            (var read, var problem) = await ApiJson.ReadAsync<ResetRequest>(context.Request).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }
            request = read!;
        }
        if (request.Seed is < 0)
        {
            return ApiJson.Problem("seed", "The seed must be a whole number from 0 to 2147483647.");
        }
        var session = sessions.ForRequest(context);
        await trainer.ResetAsync(session, request.Seed, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(await trainer.SnapshotAsync(session, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<PlayRequest>, ValidationProblem>> PlayAsync(HttpContext context, ISessionStore sessions, PlayLoop play)
    {
        var (request, problem) = await ApiJson.ReadAsync<PlayRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (request!.Playing is not bool playing)
        {
            return ApiJson.Problem("playing", "Say true to play or false to pause.");
        }
        var session = sessions.ForRequest(context);
        if (playing)
        {
            await play.StartAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await play.StopAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        return TypedResults.Ok(new PlayRequest(session.Playing));
    }

    private static async Task<Results<Ok<NetworkSnapshot>, ValidationProblem>> TraceAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var (request, problem) = await ApiJson.ReadAsync<TraceRequest>(context.Request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var session = sessions.ForRequest(context);
        int points = await trainer.ReadAsync(session, s => s.Training.PointCount, context.RequestAborted).ConfigureAwait(false);
        if (request!.Point is not int point || point < 0 || point >= points)
        {
            return ApiJson.Problem("point", $"The point must be a whole number from 0 to {points - 1}.");
        }
        await trainer.TraceAsync(session, point, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(await trainer.SnapshotAsync(session, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<GradientCheckResponse>, ValidationProblem>> CheckGradientAsync(
        string parameter, HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var session = sessions.ForRequest(context);
        int count = await trainer.ReadAsync(session, s => s.Training.Model.ParameterCount, context.RequestAborted).ConfigureAwait(false);
        if (!int.TryParse(parameter, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= count)
        {
            return ApiJson.Problem("parameter", $"The parameter must be a whole number from 0 to {count - 1}.");
        }
        try
        {
            var check = await trainer.CheckGradientAsync(session, index, context.RequestAborted).ConfigureAwait(false);
            return TypedResults.Ok(GradientCheckResponse.From(check));
        }
        catch (InvalidOperationException e)
        {
            return ApiJson.Problem("parameter", e.Message);
        }
    }

    private static async Task<Ok<DatasetResponse>> GetDatasetAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer) =>
        TypedResults.Ok(await trainer.ReadAsync(sessions.ForRequest(context), DatasetResponse.From, context.RequestAborted).ConfigureAwait(false));

    private static async Task<Results<Ok<HistoryResponse>, ValidationProblem>> GetHistoryAsync(
        HttpContext context, ISessionStore sessions, NetworkTrainer trainer, string? from = null)
    {
        long start = 0;
        if (from is not null && (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
        {
            return ApiJson.Problem("from", "from must be a step number (0 or more).");
        }
        return TypedResults.Ok(await trainer.ReadAsync(sessions.ForRequest(context),
            s => new HistoryResponse(s.Generation, s.History.Stride, s.History.Since(start)), context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<ContentHttpResult> ExportAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        var (json, step) = await trainer.ReadAsync(sessions.ForRequest(context),
            s => (NetworkState.Export(s.Training).ToJson(), s.Training.StepCount), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"network-step-{step}.json\"";
        return TypedResults.Text(json, "application/json");
    }

    private static async Task<Results<Ok<NetworkSnapshot>, ValidationProblem, ProblemHttpResult>> ImportAsync(HttpContext context, ISessionStore sessions, NetworkTrainer trainer)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ApiJson.Problem("body", "Send the exported JSON with Content-Type: application/json.");
        }
        // Counted here as well as by the server's limit, so the cap holds behind any host or proxy.
        string? json = await ApiJson.ReadTextAsync(context.Request, ImportBody).ConfigureAwait(false);
        if (json is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                detail: $"A network export is at most {ImportBody / 1024} KB.");
        }
        TrainingSession imported;
        try
        {
            imported = NetworkState.Import(json);
        }
        catch (InvalidConfigException e)
        {
            return ApiJson.Problem(e);
        }
        var session = sessions.ForRequest(context);
        await trainer.ImportAsync(session, imported, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(await trainer.SnapshotAsync(session, context.RequestAborted).ConfigureAwait(false));
    }
}

public sealed record StepRequest(int? Count);

public sealed record ResetRequest(int? Seed);

public sealed record PlayRequest(bool? Playing);

public sealed record TraceRequest(int? Point);

/// <summary>Any subset of the settings; the ones left out keep their current values.</summary>
public sealed record SettingsRequest(
    DatasetKind? Dataset = null,
    double? Noise = null,
    double? TrainRatio = null,
    int? Points = null,
    int[]? HiddenLayers = null,
    ActivationKind? Activation = null,
    double? LearningRate = null,
    double? Momentum = null,
    double? WeightDecay = null,
    int? BatchSize = null,
    int? Seed = null)
{
    public TrainingConfig ApplyTo(TrainingConfig current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Dataset = Dataset ?? current.Dataset,
            Noise = Noise ?? current.Noise,
            TrainRatio = TrainRatio ?? current.TrainRatio,
            Points = Points ?? current.Points,
            HiddenLayers = HiddenLayers ?? current.HiddenLayers,
            Activation = Activation ?? current.Activation,
            LearningRate = LearningRate ?? current.LearningRate,
            Momentum = Momentum ?? current.Momentum,
            WeightDecay = WeightDecay ?? current.WeightDecay,
            BatchSize = BatchSize ?? current.BatchSize,
            Seed = Seed ?? current.Seed,
        };
    }
}

public sealed record SettingsResponse(bool Reset, string? Notice, TrainingConfig Config);

public sealed record GradientCheckResponse(
    int Parameter, string ParameterName, double Backprop, double FiniteDifference, double Epsilon, double RelativeError,
    int ParameterCount, int ForwardPassesToPokeEveryWeight, int BackpropSweeps)
{
    public static GradientCheckResponse From(GradientCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.ParameterIndex, c.ParameterName, c.Backprop, c.FiniteDifference, c.Epsilon, c.RelativeError,
            c.ParameterCount, c.ForwardPassesToPokeEveryWeight, c.BackpropSweeps);
    }
}

/// <summary>Points as [x₁, x₂, y]; point indices run over <see cref="Train"/> then <see cref="Test"/>.</summary>
public sealed record DatasetResponse(int Generation, string Dataset, string Head, double[][] Train, double[][] Test)
{
    public static DatasetResponse From(StudentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var data = session.Training.Data;
        return new(session.Generation, Names.Of(session.Training.Config.Dataset), Names.Of(session.Training.Config.Head), Points(data.Train), Points(data.Test));
    }

    private static double[][] Points(Batch batch) =>
        Enumerable.Range(0, batch.Count).Select(e => new[] { batch.X1(e), batch.X2(e), batch.Y(e) }).ToArray();
}

public sealed record HistoryResponse(int Generation, int Stride, IReadOnlyList<LossPoint> Points);
