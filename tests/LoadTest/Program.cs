using BackpropServer.LoadTest;

// dotnet run -c Release --project tests/LoadTest -- steps --server http://127.0.0.1:5000 --students 500 --rate 10 --duration 30
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var report = await LoadRuns.RunAsync(options);
Console.WriteLine(report);
return report.Errors == 0 ? 0 : 1;
