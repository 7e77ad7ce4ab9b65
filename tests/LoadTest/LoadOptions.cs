using System.Globalization;

namespace BackpropServer.LoadTest;

/// <summary>What to run, from the command line: <c>steps</c>, <c>idle</c> or <c>quiz</c>, and its sizes.</summary>
public sealed record LoadOptions
{
    public required string Mode { get; init; }
    public Uri Server { get; init; } = new("http://127.0.0.1:5000/");

    /// <summary>Students in steps and idle mode.</summary>
    public int Students { get; init; } = 30;

    /// <summary>Steps each student asks for per second.</summary>
    public double Rate { get; init; } = 10;

    /// <summary>Concurrent submitters in quiz mode.</summary>
    public int Submitters { get; init; } = 20;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Steps and quiz: how long to run the same load first without counting it (a fresh server is still compiling).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>Steps: ask through the hub connection, as a live page does (default), or with POST api/network/steps.</summary>
    public bool ViaHub { get; init; } = true;

    /// <summary>Steps, idle: the official .NET SignalR client instead of the tool's lean one (same protocol, more CPU).</summary>
    public bool OfficialClient { get; init; }

    /// <summary>The server's SQLite file, to check every acknowledged submission is stored exactly once.</summary>
    public string? Database { get; init; }

    /// <summary>Quiz: append each acknowledged attempt token to this file at once (for crash tests); verify: read it.</summary>
    public string? AckFile { get; init; }

    public const string Usage = """
        Usage: BackpropServer.LoadTest <steps|idle|quiz|verify> [options]
          --server URL        the running server (default http://127.0.0.1:5000/)
          --students N        steps/idle: simulated students, each with its own cookie and hub connection (default 30)
          --rate R            steps: steps a second per student (default 10)
          --submitters M      quiz: concurrent students submitting attempts (default 20)
          --duration SECONDS  how long to run (default 10)
          --warmup SECONDS    steps, quiz: run the same load this long first, uncounted (default 0)
          --via hub|http      steps: step through the hub connection as a live page does (default), or POST api/network/steps
          --client lean|signalr  steps, idle: speak SignalR's JSON protocol with the tool's lean client (default), or use
                              the official .NET client (same bytes on the wire, about as much CPU per step as the server)
          --db PATH           quiz, verify: the server's backprop.db, to check each acknowledged submission is stored once
          --ack-file PATH     quiz: append every acknowledged attempt token here as it is acknowledged;
                              verify: check the tokens listed there against --db
        """;

    public static LoadOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is not ("steps" or "idle" or "quiz" or "verify"))
        {
            throw new ArgumentException("Say which mode: steps, idle, quiz or verify.");
        }
        var options = new LoadOptions { Mode = args[0] };
        for (int k = 1; k < args.Length; k += 2)
        {
            string value = k + 1 < args.Length ? args[k + 1] : throw new ArgumentException($"{args[k]} needs a value.");
            options = args[k] switch
            {
                "--server" => options with { Server = new Uri(value.EndsWith('/') ? value : value + "/") },
                "--students" => options with { Students = Positive(value, "--students") },
                "--rate" => options with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--submitters" => options with { Submitters = Positive(value, "--submitters") },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--via" => options with { ViaHub = value switch { "hub" => true, "http" => false, _ => throw new ArgumentException("--via takes hub or http.") } },
                "--client" => options with { OfficialClient = value switch { "lean" => false, "signalr" => true, _ => throw new ArgumentException("--client takes lean or signalr.") } },
                "--db" => options with { Database = value },
                "--ack-file" => options with { AckFile = value },
                _ => throw new ArgumentException($"Unknown option {args[k]}."),
            };
        }
        return options;
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{name} takes a whole number above 0.");
}
