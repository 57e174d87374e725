using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// The real thing: the official tensorflow/serving image loads an export and answers :predict like TorchSharp.
/// Runs wherever a Docker engine can pull the image; elsewhere it is skipped with the reason.
/// </summary>
[Category("Docker")]
public sealed class TensorFlowServingDockerTests : IDisposable
{
    /// <summary>Pinned; keep in step with serving/Dockerfile.</summary>
    public const string Image = "tensorflow/serving:2.19.0";

    private readonly TempDirectory _exports = new();
    private string? _container;

    public void Dispose() => _exports.Dispose();

    [TearDown]
    public void RemoveContainer()
    {
        if (_container is not null) Docker(TimeSpan.FromSeconds(60), "rm", "-f", _container);
        _container = null;
    }

    private static ProcessResult? Docker(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.TryRun("docker", arguments, Path.GetTempPath(), timeout: timeout);

    [Test]
    public async Task TensorFlow_Serving_loads_the_export_and_predicts_like_TorchSharp()
    {
        // Arrange: a Docker engine, the image, a trained model exported as version 1.
        var info = Docker(TimeSpan.FromSeconds(30), "info", "--format", "{{.ServerVersion}}");
        if (info is null) Assert.Ignore("No docker CLI on this machine; the TensorFlow Serving check needs a Docker engine.");
        if (info.ExitCode != 0) Assert.Ignore($"No Docker engine is reachable: {info.StandardError.Trim()}");
        var pull = Docker(TimeSpan.FromMinutes(10), "pull", Image);
        if (pull?.ExitCode != 0) Assert.Ignore($"Cannot pull {Image}: {pull?.StandardError.Trim()}");

        var model = TinyModels.Bidirectional;
        string basePath = _exports.File(ServingContract.ModelName);
        model.AddVersionTo(basePath, 1);
        var tweets = HardTweets.Load().Take(100).Concat(TinyTweets.Generate(100, seed: 5).Select(t => t.Text)).ToList();
        float[] expected = model.Predict(tweets);
        int port = FreePort.Next();

        var run = Docker(TimeSpan.FromMinutes(1), "run", "-d", "-p", $"127.0.0.1:{port}:8501",
            "-v", $"{basePath}:/models/sentiment:ro", "-e", "MODEL_NAME=sentiment", Image);
        Assert.That(run?.ExitCode, Is.Zero, run?.StandardError);
        _container = run?.StandardOutput.Trim();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        // Act
        string state = await WaitForStateAsync(http, cancellation.Token);
        using var predict = await http.PostAsJsonAsync("v1/models/sentiment:predict",
            new JsonObject { ["instances"] = new JsonArray([.. tweets.Select(t => JsonValue.Create(t))]) }, cancellation.Token);
        string body = await predict.Content.ReadAsStringAsync(cancellation.Token);
        using var tokenize = await http.PostAsJsonAsync("v1/models/sentiment:predict",
            new JsonObject { ["signature_name"] = "tokenize", ["instances"] = new JsonArray([.. tweets.Select(t => JsonValue.Create(t))]) }, cancellation.Token);
        string tokenBody = await tokenize.Content.ReadAsStringAsync(cancellation.Token);

        // Assert
        Assert.That(state, Is.EqualTo("AVAILABLE"));
        Assert.That(predict.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var predictions = JsonNode.Parse(body)?["predictions"]?.AsArray() ?? throw new InvalidDataException(body);
        float[] probabilities = [.. predictions.Select(p => p?["probability"]?.GetValue<float>() ?? float.NaN)];
        Assert.That(probabilities, Is.EqualTo(expected).Within(1e-4f));
        Assert.That(predictions.Select(p => p?["label"]?.GetValue<string>()), Is.EqualTo(probabilities.Select(p => p > 0.5f ? "positive" : "negative")));

        Assert.That(tokenize.StatusCode, Is.EqualTo(HttpStatusCode.OK), tokenBody);
        var ids = JsonNode.Parse(tokenBody)?["predictions"]?.AsArray() ?? throw new InvalidDataException(tokenBody);
        for (int row = 0; row < tweets.Count; row++)
        {
            long[] got = [.. (ids[row]?.AsArray() ?? []).Select(v => v?.GetValue<long>() ?? -1)];
            long[] want = model.TokenIds(tweets[row]);
            Assert.That(got, Is.EqualTo(want), tweets[row]);
        }
    }

    private async Task<string> WaitForStateAsync(HttpClient http, CancellationToken cancellationToken)
    {
        string state = "none";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var status = await http.GetFromJsonAsync<JsonObject>("v1/models/sentiment", cancellationToken);
                state = status?["model_version_status"]?[0]?["state"]?.GetValue<string>() ?? state;
                if (state is "AVAILABLE" or "END") return state;
            }
            catch (HttpRequestException)
            {
                // The server is still starting.
            }
            var inspect = Docker(TimeSpan.FromSeconds(30), "inspect", "-f", "{{.State.Running}}", _container ?? "");
            if (inspect?.StandardOutput.Trim() == "false")
            {
                var logs = Docker(TimeSpan.FromSeconds(30), "logs", _container ?? "");
                Assert.Fail($"tensorflow_model_server exited:\n{logs?.StandardOutput}{logs?.StandardError}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        var lastLogs = Docker(TimeSpan.FromSeconds(30), "logs", _container ?? "");
        Assert.Fail($"The model never became AVAILABLE (last state {state}):\n{lastLogs?.StandardError}");
        return state;
    }
}
