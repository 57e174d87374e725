using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>
/// A real HTTP server on loopback that speaks TF Serving's REST API for a model "sentiment" (status, metadata,
/// row-format predict; errors as {"error": ...}) and injects faults on demand.
/// </summary>
public sealed class FakeTfServing : IAsyncDisposable
{
    public const string ModelName = ServingContract.ModelName;

    private readonly ConcurrentQueue<Fault> _predictFaults = new();
    private readonly ConcurrentQueue<Fault> _statusFaults = new();
    private readonly WebApplication _app;
    private int _requests;
    private int _predictRequests;
    private int _statusRequests;
    private int _stopped;

    private FakeTfServing(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Applies to every predict request while set (after any queued faults).</summary>
    public Fault? PersistentPredictFault { get; set; }

    public string State { get; set; } = "AVAILABLE";

    public long Version { get; set; } = 7;

    /// <summary>Every request that reached the server, of any kind (to wait for one to arrive).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int PredictRequests => Volatile.Read(ref _predictRequests);

    public int StatusRequests => Volatile.Read(ref _statusRequests);

    public string? LastPredictBody { get; private set; }

    /// <summary>Versions besides <see cref="Version"/>: their state and their own scoring (null = <see cref="Score"/>).</summary>
    public Dictionary<long, (string State, Func<string, double>? Score)> OtherVersions { get; } = [];

    /// <summary>Version labels (TF Serving's version_labels), e.g. "stable" → 7.</summary>
    public Dictionary<string, long> Labels { get; } = [];

    /// <summary>What the model_info signature returns; null = an older export without that signature.</summary>
    public string? ModelInfoJson { get; set; }

    /// <summary>What a version's model_info returns, where it differs from <see cref="ModelInfoJson"/>.</summary>
    public Dictionary<long, string> ModelInfoByVersion { get; } = [];

    /// <summary>Whether the export has a tokenize signature (older or foreign exports may not).</summary>
    public bool HasTokenizeSignature { get; set; } = true;

    /// <summary>Whether its tokenize signature has the token_count output (exports made before it have token_ids only).</summary>
    public bool HasTokenCount { get; set; } = true;

    public const int SequenceLength = 50;

    /// <summary>The fake vocabulary: the scored words and a few common ones; everything else is unknown (id 1).</summary>
    public static IReadOnlyList<string> KnownWords { get; } =
        ["love", "great", "best", "happy", "awesome", "hate", "worst", "tired", "awful", "cancelled", "sad", "i", "this", "the", "day", "not", "so"];

    public int TokenizeRequests => Volatile.Read(ref _tokenizeRequests);

    /// <summary>How many texts the last tokenize request carried.</summary>
    public int LastTokenizeInstances { get; private set; }

    private int _tokenizeRequests;

    public static async Task<FakeTfServing> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeTfServing(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("The fake server has no address.");
        fake.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return fake;
    }

    public void EnqueuePredictFaults(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _predictFaults.Enqueue(fault);
        }
    }

    public void EnqueueStatusFaults(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _statusFaults.Enqueue(fault);
        }
    }

    /// <summary>Stops listening, like a model server that has been shut down.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The fake model: positive words push P(positive) up, negative words down. Like a real one it reads only its first
    /// <see cref="SequenceLength"/> tokens (here: words); the rest of a longer text is cut off.
    /// </summary>
    public static double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] positive = ["love", "great", "best", "happy", "awesome"];
        string[] negative = ["hate", "worst", "tired", "awful", "cancelled", "sad"];
        string lower = string.Join(' ', Words(text).Take(SequenceLength));
        int score = positive.Count(lower.Contains) - negative.Count(lower.Contains);
        return Math.Round(1 / (1 + Math.Exp(-2.0 * score)), 6);
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        string path = Uri.UnescapeDataString(context.Request.Path.Value ?? "");
        string prefix = $"/v1/models/{ModelName}";
        if (!path.StartsWith("/v1/models/", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 404;
            return;
        }

        bool isPredict = HttpMethods.IsPost(context.Request.Method) && path.EndsWith(":predict", StringComparison.Ordinal);
        string name = path["/v1/models/".Length..].Split('/', ':')[0];
        if (name != ModelName)
        {
            await WriteAsync(context, 404, Error($"Could not find any versions of model {name}"));
            return;
        }

        if (isPredict && path == prefix + ":predict")
        {
            await PredictAsync(context, Version, State, Score);
        }
        else if (isPredict && System.Text.RegularExpressions.Regex.Match(path, $"^{prefix}/(versions|labels)/([^/:]+):predict$") is { Success: true } route)
        {
            long? version = route.Groups[1].Value == "versions"
                ? long.Parse(route.Groups[2].Value, CultureInfo.InvariantCulture)
                : Labels.TryGetValue(route.Groups[2].Value, out long labelled) ? labelled : null;
            if (version is null)
            {
                await WriteAsync(context, 400, Error($"Unrecognized servable version label: {route.Groups[2].Value}"));
            }
            else if (version == Version)
            {
                await PredictAsync(context, Version, State, Score);
            }
            else if (OtherVersions.TryGetValue(version.Value, out var other))
            {
                await PredictAsync(context, version.Value, other.State, other.Score ?? Score);
            }
            else
            {
                await WriteAsync(context, 404, Error($"Servable not found for request: Specific({ModelName}, {version})"));
            }
        }
        else if (HttpMethods.IsGet(context.Request.Method) && path == prefix)
        {
            Interlocked.Increment(ref _statusRequests);
            if (_statusFaults.TryDequeue(out var fault))
            {
                await ApplyAsync(context, fault, []);
                return;
            }

            var versions = OtherVersions.Select(v => (Version: v.Key, v.Value.State)).Append((Version, State))
                .OrderByDescending(v => v.Version)
                .Select(v => $$"""{ "version": "{{v.Version}}", "state": "{{v.State}}", "status": { "error_code": "OK", "error_message": "" } }""");
            await WriteAsync(context, 200, $$"""{ "model_version_status": [ {{string.Join(", ", versions)}} ] }""");
        }
        else if (HttpMethods.IsGet(context.Request.Method) && System.Text.RegularExpressions.Regex.Match(path, $"^{prefix}(?:/(versions|labels)/([^/:]+))?/metadata$") is { Success: true } metadata)
        {
            await MetadataAsync(context, metadata.Groups[1].Value, metadata.Groups[2].Value);
        }
        else
        {
            await WriteAsync(context, 400, Error($"Malformed request: {context.Request.Method} {path}"));
        }
    }

    private async Task PredictAsync(HttpContext context, long version, string state, Func<string, double> score)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        LastPredictBody = body;
        string[] texts;
        try
        {
            var request = JsonNode.Parse(body)?.AsObject() ?? throw new JsonException("not an object");
            string signature = request["signature_name"]?.GetValue<string>() ?? ServingContract.ServingSignature;
            // A server that persistently fails does so for every signature; queued faults hit serving_default only.
            if (signature != ServingContract.ServingSignature && PersistentPredictFault is { } persistent)
            {
                await ApplyAsync(context, persistent, []);
                return;
            }

            if (signature == ServingContract.TokenizeSignature && HasTokenizeSignature)
            {
                Interlocked.Increment(ref _tokenizeRequests);
                LastTokenizeInstances = request["instances"]!.AsArray().Count;
                var rows = request["instances"]!.AsArray().Select(i => TokenizeRow(i!.GetValue<string>()));
                await WriteAsync(context, 200, $"{{ \"predictions\": [ {string.Join(", ", rows)} ] }}");
                return;
            }

            if (signature == ServingContract.ModelInfoSignature && (ModelInfoByVersion.GetValueOrDefault(version) ?? ModelInfoJson) is { } info)
            {
                int count = request["instances"]!.AsArray().Count;
                string value = JsonSerializer.Serialize(info);
                await WriteAsync(context, 200, $"{{ \"predictions\": [ {string.Join(", ", Enumerable.Repeat(value, count))} ] }}");
                return;
            }

            if (signature != ServingContract.ServingSignature)
            {
                await WriteAsync(context, 400, Error($"Serving signature name: \\\"{signature}\\\" not found in signature def"));
                return;
            }

            texts = request["instances"]?.AsArray().Select(i => i?.GetValue<string>() ?? throw new JsonException("null")).ToArray()
                ?? throw new JsonException("Missing 'inputs' or 'instances' key");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            await WriteAsync(context, 400, Error(ex.Message.Replace("\"", "'", StringComparison.Ordinal)));
            return;
        }

        Interlocked.Increment(ref _predictRequests);
        if (_predictFaults.TryDequeue(out var fault) || (fault = PersistentPredictFault) is not null)
        {
            await ApplyAsync(context, fault, texts);
            return;
        }

        if (state != "AVAILABLE")
        {
            string spec = version == Version ? $"Latest({ModelName})" : $"Specific({ModelName}, {version})";
            await WriteAsync(context, 404, Error($"Servable not found for request: {spec}"));
            return;
        }

        await WriteAsync(context, 200, Predictions(texts, score));
    }

    private static async Task ApplyAsync(HttpContext context, Fault fault, string[] texts)
    {
        if (fault.Hangs)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as it should.
            }

            return;
        }

        string body = fault.NaNProbabilities ? Predictions(texts, _ => double.NaN) : fault.Body ?? "";
        await WriteAsync(context, fault.StatusCode, body);
    }

    private static string Predictions(string[] texts, Func<string, double> score)
    {
        var rows = texts.Select(text =>
        {
            double p = score(text);
            // TF Serving writes non-finite floats as bare tokens, which is not strict JSON.
            string number = double.IsNaN(p) ? "NaN" : p.ToString("R", CultureInfo.InvariantCulture);
            string label = p >= 0.5 ? "positive" : "negative";
            return $"{{ \"probability\": {number}, \"label\": \"{label}\" }}";
        });
        return $"{{ \"predictions\": [ {string.Join(", ", rows)} ] }}";
    }

    /// <summary>As TF Serving: the newest AVAILABLE version, or the one asked for; a label resolves to its version or is unknown (400).</summary>
    private async Task MetadataAsync(HttpContext context, string kind, string which)
    {
        long? version = kind switch
        {
            "versions" => long.Parse(which, CultureInfo.InvariantCulture),
            "labels" => Labels.TryGetValue(which, out long labelled) ? labelled : null,
            _ => State == "AVAILABLE" ? Version : OtherVersions.Where(v => v.Value.State == "AVAILABLE").Select(v => (long?)v.Key).Max(),
        };
        if (kind == "labels" && version is null)
        {
            await WriteAsync(context, 400, Error($"Unrecognized servable version label: {which}"));
        }
        else if (version is not { } served || (served == Version ? State : OtherVersions.GetValueOrDefault(served).State) != "AVAILABLE")
        {
            string spec = kind == "" ? $"Latest({ModelName})" : $"Specific({ModelName}, {version})";
            await WriteAsync(context, 404, Error($"Servable not found for request: {spec}"));
        }
        else
        {
            await WriteAsync(context, 200, Metadata(served));
        }
    }

    private string Metadata(long version) => $$"""
        { "model_spec": { "name": "{{ModelName}}", "signature_name": "", "version": "{{version}}" },
          "metadata": { "signature_def": { "signature_def": {
            "__saved_model_init_op": {
              "inputs": {}, "outputs": { "__saved_model_init_op": { "dtype": "DT_INVALID", "tensor_shape": { "dim": [], "unknown_rank": true }, "name": "init_all_tables" } },
              "method_name": "", "defaults": {} },
            "serving_default": {
              "inputs": { "text": { "dtype": "DT_STRING", "tensor_shape": { "dim": [ { "size": "-1", "name": "" } ], "unknown_rank": false }, "name": "text:0" } },
              "outputs": {
                "probability": { "dtype": "DT_FLOAT", "tensor_shape": { "dim": [ { "size": "-1", "name": "" } ], "unknown_rank": false }, "name": "probability:0" },
                "label": { "dtype": "DT_STRING", "tensor_shape": { "dim": [ { "size": "-1", "name": "" } ], "unknown_rank": false }, "name": "label:0" } },
              "method_name": "tensorflow/serving/predict", "defaults": {} },
            "tokenize": {
              "inputs": { "text": { "dtype": "DT_STRING", "tensor_shape": { "dim": [ { "size": "-1", "name": "" } ], "unknown_rank": false }, "name": "text:0" } },
              "outputs": { "token_ids": { "dtype": "DT_INT64", "tensor_shape": { "dim": [ { "size": "-1", "name": "" }, { "size": "50", "name": "" } ], "unknown_rank": false }, "name": "token_ids:0" }{{TokenCountMetadata}} },
              "method_name": "tensorflow/serving/predict", "defaults": {} } } } } }
        """;

    private string TokenCountMetadata => HasTokenCount
        ? """, "token_count": { "dtype": "DT_INT64", "tensor_shape": { "dim": [ { "size": "-1", "name": "" } ], "unknown_rank": false }, "name": "token_count:0" }"""
        : "";

    /// <summary>One row of the tokenize answer: an object of both outputs, or (an older export) the ids alone.</summary>
    private string TokenizeRow(string text)
    {
        string ids = "[" + string.Join(", ", TokenIds(text)) + "]";
        return HasTokenCount ? $$"""{ "token_ids": {{ids}}, "token_count": {{Words(text).Length}} }""" : ids;
    }

    /// <summary>The fake tokenizer: lower-cased whitespace words, known → 2+, unknown → 1, padded with 0 and cut at the sequence length.</summary>
    public static long[] TokenIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = Words(text)
            .Select(word => KnownWords.ToList().IndexOf(word.Trim('!', '.', ',', '?')) is var index and >= 0 ? index + 2L : 1L)
            .Take(SequenceLength)
            .ToList();
        ids.AddRange(Enumerable.Repeat(0L, SequenceLength - ids.Count));
        return [.. ids];
    }

    private static string[] Words(string text) => text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Error(string message) => $"{{\n \"error\": \"{message}\"\n}}";

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
