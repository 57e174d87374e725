using System.Text.Json;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// `trainer evaluate --server` and `trainer predict --server` against the real serving/local-server (TensorFlow.js),
/// serving the SavedModel of the shared tiny trained model: the served model scores as its checkpoint does.
/// </summary>
[NonParallelizable]
public sealed class ServerScoringCommandTests : IAsyncDisposable
{
    private static readonly string[] Texts = ["what a great day", "this is awful", "i love it :)", "not good at all", "meh, it is tuesday"];

    private TempDirectory _temp = null!;
    private string _checkpoint = null!;
    private string _data = null!;
    private LocalServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task ServeTheTrainedModelAsync()
    {
        LocalServerProcess.RequireScript();
        _temp = new TempDirectory("server-scoring");
        _data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 300);
        _checkpoint = TinyModels.Plain.CopyCheckpointTo(_temp.File("checkpoint"));
        // The model base path holds the version folders, as TF Serving's --model_base_path does.
        string basePath = _temp.File("models", "sentiment");
        TinyModels.Plain.AddVersionTo(basePath, 1);
        _server = await LocalServerProcess.StartServingAsync(basePath);
    }

    /// <summary>NUnit disposes the fixture after its last test: stop the server, delete the model.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp?.Dispose();
    }

    [Test]
    public void Evaluate_against_the_served_model_gives_the_checkpoints_scores()
    {
        var fromCheckpoint = FileScores(Run("evaluate", "--data", _data, "--json", "--checkpoint", _checkpoint));
        var fromServer = FileScores(Run("evaluate", "--data", _data, "--json", "--server", _server.BaseAddress.AbsoluteUri));

        Assert.That(fromServer.GetProperty("n").GetInt32(), Is.EqualTo(300));
        ScoreParity.AssertSameScores(fromCheckpoint, fromServer);
    }

    [Test]
    public void Predict_against_the_served_model_gives_the_checkpoints_labels_and_probabilities()
    {
        var fromCheckpoint = Predictions(Run(["predict", "--json", "--checkpoint", _checkpoint, .. Texts]));
        var fromServer = Predictions(Run(["predict", "--json", "--server", _server.BaseAddress.AbsoluteUri, .. Texts]));

        TestContext.Out.WriteLine($"server: {string.Join(", ", fromServer.Select(p => p.Probability))}; largest difference from the checkpoint: {fromServer.Zip(fromCheckpoint, (a, b) => Math.Abs(a.Probability - b.Probability)).Max():E2}");
        Assert.That(fromCheckpoint.Select(p => p.Probability).Distinct().Count(), Is.GreaterThan(1), "the model tells the texts apart");
        Assert.That(fromServer.Select(p => p.Text), Is.EqualTo(Texts));
        Assert.That(fromServer.Select(p => p.Label), Is.EqualTo(fromCheckpoint.Select(p => p.Label)));
        Assert.That(fromServer.Select(p => p.Probability), Is.EqualTo(fromCheckpoint.Select(p => p.Probability)).Within(1e-5));
    }

    [Test]
    public void The_served_model_counts_the_known_tokens_of_each_text_as_the_checkpoint_does()
    {
        string[] texts = ["", "zzqx blorp", .. Texts];

        int[] fromCheckpoint = KnownTokens(Run(["predict", "--json", "--checkpoint", _checkpoint, .. texts]));
        int[] fromServer = KnownTokens(Run(["predict", "--json", "--server", _server.BaseAddress.AbsoluteUri, .. texts]));

        Assert.That(fromCheckpoint[..2], Is.EqualTo(new[] { 0, 0 }));
        Assert.That(fromCheckpoint.Skip(2), Has.Some.GreaterThan(0));
        Assert.That(fromServer, Is.EqualTo(fromCheckpoint));
    }

    [Test]
    public void A_model_name_the_server_does_not_have_is_a_one_line_error_with_exit_code_1()
    {
        var evaluate = TrainerCli.RunUnwrapped("evaluate", "--data", _data, "--server", _server.BaseAddress.AbsoluteUri, "--model-name", "no-such-model");
        var predict = TrainerCli.RunUnwrapped("predict", "--server", _server.BaseAddress.AbsoluteUri, "--model-name", "no-such-model", "hello");

        foreach (var (exitCode, output) in new[] { evaluate, predict })
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
            Assert.That(output, Does.Contain("Error:").And.Contain("no-such-model").And.Not.Contain("   at "));
        }
    }

    private static string Run(params string[] arguments)
    {
        var (exitCode, output) = TrainerCli.Run(arguments);
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    private static int[] KnownTokens(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("known_tokens").GetInt32())];

    private static JsonElement FileScores(string json) => JsonDocument.Parse(json).RootElement.GetProperty("files")[0];

    private static List<(string Text, string Label, double Probability)> Predictions(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            return (root.GetProperty("text").GetString() ?? "", root.GetProperty("label").GetString() ?? "", root.GetProperty("probability").GetDouble());
        })];
}
