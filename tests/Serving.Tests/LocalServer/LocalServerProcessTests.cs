using System.Net;
using System.Text.Json.Nodes;
using TwitterSentiment.Contracts;
using TwitterSentiment.Serving.Tests.Infrastructure;
using TwitterSentiment.Serving.Tests.Targets;

namespace TwitterSentiment.Serving.Tests.LocalServer;

/// <summary>What only the local server's process does: flags, config errors, logging, loading errors, shutdown.</summary>
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class LocalServerProcessTests
{
    [Test]
    public async Task An_unknown_flag_fails_with_a_message_naming_it(CancellationToken ct)
    {
        await using var server = LocalServerProcess.Start(["--enable_model_warmup=true"]);

        Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(60), ct), Is.True, server.Describe);
        Assert.That(server.ExitCode, Is.Not.Zero);
        Assert.That(server.Errors, Does.Contain("Unknown or unsupported flag --enable_model_warmup"));
        Assert.That(server.Errors, Does.Not.Contain("    at "), "no stack trace");
    }

    [Test]
    public async Task A_broken_model_config_file_fails_with_its_line(CancellationToken ct)
    {
        using var dir = new TempDirectory("bad-config");
        string config = dir.File("models.config");
        await File.WriteAllTextAsync(config, "model_config_list {\n  config {\n    name \"sentiment\"\n  }\n}\n", ct);

        await using var server = LocalServerProcess.Start([$"--model_config_file={config}", $"--rest_api_port={FreePort.Next()}"]);

        Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(60), ct), Is.True, server.Describe);
        Assert.That(server.ExitCode, Is.Not.Zero);
        Assert.That(server.Errors, Does.Contain("line 3: expected ':' after field 'name'"));
    }

    [Test]
    public async Task A_model_that_cannot_be_loaded_stops_the_start_with_its_error(CancellationToken ct)
    {
        using var models = new TempDirectory("broken-model");
        Directory.CreateDirectory(models.File("1"));
        await File.WriteAllBytesAsync(models.File("1", ServingContract.SavedModelFile), [0xff, 0xff, 0xff, 0x07], ct);

        await using var server = LocalServerProcess.Start([$"--model_base_path={models.Path}", $"--rest_api_port={FreePort.Next()}"]);

        Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(120), ct), Is.True, server.Describe);
        Assert.That(server.ExitCode, Is.Not.Zero);
        Assert.That(server.Errors, Does.Contain("Model sentiment could not be loaded"));
    }

    [Test]
    public async Task A_failed_new_version_is_reported_as_END_while_the_old_one_keeps_serving(CancellationToken ct)
    {
        using var models = new TempDirectory("failed-version");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        await using var target = await LocalServerTarget.StartAsync(new ServingSetup(models.Path), ct);

        // A half-written folder (no saved_model.pb yet) is not a version; a corrupt one fails to load.
        Directory.CreateDirectory(models.File("3"));
        Directory.CreateDirectory(models.File("2"));
        await File.WriteAllBytesAsync(models.File("2", ServingContract.SavedModelFile), [0xff, 0xff, 0xff, 0x07], ct);
        var states = await WaitForVersionAsync(target.Client, "2", ct);

        Assert.That(states.At("2").At("state").Text(), Is.EqualTo("END"));
        Assert.That(states.At("2").At("status").At("error_code").Text(), Is.Not.EqualTo("OK"));
        Assert.That(states.At("2").At("status").At("error_message").Text(), Is.Not.Empty);
        Assert.That(states.ContainsKey("3"), Is.False, "a folder without saved_model.pb is not loaded");
        var predict = await target.Client.PostRestAsync("/v1/models/sentiment:predict", """{"instances": ["still here"]}""", ct);
        Assert.That(predict.Status, Is.EqualTo(HttpStatusCode.OK), predict.ToString);
    }

    [Test]
    public async Task Each_request_is_logged_with_method_path_status_and_duration(CancellationToken ct)
    {
        using var models = new TempDirectory("logging");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        await using var server = await LocalServerProcess.StartServingAsync(models.Path, cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        await client.PostRestAsync("/v1/models/sentiment:predict", """{"instances": ["log me"]}""", ct);
        await client.GetRestAsync("/v1/models/nope", ct);
        // A line is printed when its response has finished, which may be just after the client read it.
        bool logged = await server.WaitForOutputAsync(output => output.Contains("GET /v1/models/nope ", StringComparison.Ordinal), TimeSpan.FromSeconds(30), ct);

        Assert.That(logged, Is.True, server.Describe);
        Assert.That(server.Output, Does.Match(@"POST /v1/models/sentiment:predict 200 \d+\.\dms"));
        Assert.That(server.Output, Does.Match(@"GET /v1/models/nope 404 \d+\.\dms"));
        Assert.That(server.Output, Does.Contain("gRPC").And.Contain("not served"));
    }

    [TestCase("wasm")]
    [TestCase("cpu")]
    public async Task Both_TensorFlow_js_backends_answer_what_TorchSharp_computes(string backend, CancellationToken ct)
    {
        using var models = new TempDirectory($"backend-{backend}");
        TinyModels.Lexicon.AddVersionTo(models.Path, 1);
        await using var server = await LocalServerProcess.StartServingAsync(models.Path, moreArguments: [$"--tfjs_backend={backend}"], cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        string[] tweets = ["I love this so much!", "worst day ever, I hate it", ""];

        var response = await client.PostRestAsync("/v1/models/sentiment:predict", new JsonObject { ["inputs"] = new JsonArray([.. tweets.Select(t => (JsonNode?)JsonValue.Create(t))]) }, ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var probabilities = response.Json.At("outputs").At("probability").Items().Select(p => p.Number());
        Assert.That(probabilities, Is.EqualTo(TinyModels.Lexicon.Predict(tweets)).Within(1e-4));
        Assert.That(server.Output, Does.Contain($"{backend} backend"));
    }

    [Test]
    public async Task SIGTERM_answers_every_request_in_flight_then_exits_cleanly(CancellationToken ct)
    {
        using var models = new TempDirectory("shutdown");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        await using var server = await LocalServerProcess.StartServingAsync(models.Path, cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var batch = new JsonObject { ["instances"] = new JsonArray([.. Enumerable.Range(0, 32).Select(i => (JsonNode?)JsonValue.Create($"tweet number {i} is great!"))]) };

        var requests = Enumerable.Range(0, 6).Select(_ => client.PostRestAsync("/v1/models/sentiment:predict", batch.DeepClone(), ct)).ToList();
        await Task.WhenAny(requests);
        await server.SignalAsync("TERM", ct);
        var responses = await Task.WhenAll(requests);

        // What finishes within the grace period is answered; the rest is told the server is going away.
        Assert.That(responses, Has.All.Matches<RestResponse>(r => r.Status == HttpStatusCode.OK
            || (r.Status == HttpStatusCode.ServiceUnavailable && r.Error == "The server is shutting down")), server.Describe);
        Assert.That(await server.WaitForExitAsync(TimeSpan.FromSeconds(30), ct), Is.True, server.Describe);
        Assert.That(server.ExitCode, Is.Zero, server.Describe);
        Assert.That(server.Output, Does.Contain("SIGTERM received"));
    }

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task A_signal_in_the_middle_of_a_long_request_stops_the_server_within_two_seconds(string signal, CancellationToken ct)
    {
        using var models = new TempDirectory($"sig{signal}");
        TinyModels.Plain.AddVersionTo(models.Path, 1);
        await using var server = await LocalServerProcess.StartServingAsync(models.Path, moreArguments: ["--rest_api_max_instances=4000"], cancellationToken: ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        string text = string.Concat(Enumerable.Repeat("a long tweet that keeps the tokenizer busy for a while, ", 20));
        string body = $$"""{"instances": [{{string.Join(", ", Enumerable.Repeat($"\"{text}\"", 4000))}}]}""";

        using var content = new SentBodyContent(body);
        var longRequest = client.PostRestAsync("/v1/models/sentiment:predict", content, ct);
        await content.Sent.WaitAsync(ct);
        Assert.That(longRequest.IsCompleted, Is.False, "the request is still being computed when the signal comes");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await server.SignalAsync(signal, ct);
        bool exited = await server.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);
        var took = stopwatch.Elapsed;
        var answer = await longRequest;

        Assert.That(exited, Is.True, server.Describe);
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(2)), server.Describe);
        Assert.That(server.ExitCode, Is.Zero, server.Describe);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), answer.ToString);
        Assert.That(answer.Error, Is.EqualTo("The server is shutting down"));
    }

    private static async Task<JsonObject> WaitForVersionAsync(HttpClient client, string version, CancellationToken ct)
    {
        for (int attempt = 0; attempt < 300; attempt++)
        {
            var status = await client.GetRestAsync("/v1/models/sentiment", ct);
            var states = new JsonObject();
            foreach (var v in status.Json.At("model_version_status").Items())
            {
                states[v.At("version").Text()] = v?.DeepClone();
            }

            if (states[version]?["state"]?.Text() is "END" or "AVAILABLE")
            {
                return states;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        throw new TimeoutException($"Version {version} never finished loading.");
    }
}
