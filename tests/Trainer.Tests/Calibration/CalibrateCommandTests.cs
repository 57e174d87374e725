using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tests.Commands;
using TwitterSentiment.Trainer.Tests.Modeling;

namespace TwitterSentiment.Trainer.Tests.Calibration;

/// <summary>
/// <c>trainer calibrate</c> end to end: a small model with a bag of vectors (a tiny vectors file written here) is
/// calibrated on labelled tweets it is overconfident on (a fifth of their labels disagree with their words), the new
/// version is served by serving/local-server, and on held-out rows of the same file it scores better than before.
/// </summary>
[NonParallelizable]
public sealed class CalibrateCommandTests : IAsyncDisposable
{
    private TempDirectory _temp = null!;
    private TrainingRunResult _run = null!;
    private string _calibration = null!;
    private string _heldOut = null!;
    private string _exports = null!;

    [OneTimeSetUp]
    public void Train()
    {
        _temp = new TempDirectory("calibrate");
        string data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 300);
        string vectors = _temp.File("vectors.txt");
        // GloVe's text format: a word, then its values. Sentiment in the first value.
        File.WriteAllLines(vectors, new[] { ("love", 1.0), ("great", 0.8), ("happy", 0.9), ("hate", -1.0), ("awful", -0.9), ("sad", -0.8), ("day", 0.1), ("work", -0.1), ("splendid", 0.9) }
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Item1} {pair.Item2} {pair.Item2 / 2} 0.1 -0.2")));
        _exports = _temp.File("models");
        var options = TinyRun.Options(_temp.Path, data, "base") with { Bag = new Trainer.Embeddings.BagOptions(Trainer.Embeddings.EmbeddingsFile.Read(vectors), ExtraWords: 5) };
        _run = options.Execute(new RecordingObserver());

        // The user's domain: the same words, but a fifth of the labels disagree with them (sarcasm, say), so the model
        // is overconfident there. 300 tweets to calibrate on, 200 held out.
        var user = NoisyTweets(500, seed: 4);
        _calibration = WriteCsv(_temp.File("mine.csv"), user.Take(300));
        _heldOut = WriteCsv(_temp.File("held-out.csv"), user.Skip(300));
    }

    public ValueTask DisposeAsync()
    {
        _temp?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Test]
    public async Task A_calibrated_checkpoint_is_exported_served_and_scores_better_on_held_out_rows()
    {
        // Act
        var (exitCode, output) = TrainerCli.Run("calibrate", "--checkpoint", _run.CheckpointDirectory, "--data", _calibration,
            "--checkpoint-dir", _temp.File("calibrated"), "--export-dir", _exports, "--tracking-uri", _temp.File("mlruns"), "--run-name", "mine");

        // Assert: reported, written, recorded.
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("5-fold cross-validated").And.Contain("Balanced accuracy").And.Contain("Calibration error (ECE)"));
        string version = Path.Combine(_exports, ServingContract.ModelName, "2");
        Assert.That(File.Exists(Path.Combine(version, ServingContract.SavedModelFile)), Is.True, output);
        var (calibrated, _) = ModelCheckpoint.Load(_temp.File(Path.Combine("calibrated", "mine")));
        using (calibrated)
        {
            Assert.That(calibrated.Options.Combination, Is.Not.Null.And.Not.EqualTo(_run.Training.Model.Combination));
        }
        var info = JsonDocument.Parse(SavedModelEditor.ReadModelInfo(SavedModelEditor.Read(version))!).RootElement.GetProperty(ServingContract.ModelInfoCalibration);
        Assert.That(info.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_calibration)))));
        Assert.That(info.GetProperty("bytes").GetInt64(), Is.EqualTo(new FileInfo(_calibration).Length));
        Assert.That(info.GetProperty("tweets").GetInt32(), Is.EqualTo(300));
        Assert.That(info.GetProperty("data").GetString(), Is.EqualTo("mine.csv"));
        string run = Directory.GetDirectories(Path.Combine(_temp.File("mlruns"), "0")).Single();
        Assert.That(File.Exists(Path.Combine(run, "metrics", "cv_ece_after")), Is.True);
        Assert.That(File.Exists(Path.Combine(run, "artifacts", "plots", "reliability.png")), Is.True);
        Assert.That(File.Exists(Path.Combine(run, "artifacts", "model", "MLmodel")), Is.True);

        // The served new version (the server serves the latest) against the old one, on rows calibration never saw.
        LocalServerProcess.RequireScript();
        await using var server = await LocalServerProcess.StartServingAsync(Path.GetDirectoryName(version)!);
        var after = Scores("evaluate", "--data", _heldOut, "--json", "--server", server.BaseAddress.AbsoluteUri, "--version", "2");
        var before = Scores("evaluate", "--data", _heldOut, "--json", "--saved-model", _run.Export.VersionDirectory);
        TestContext.Out.WriteLine($"held out: log loss {before.LogLoss:F4} → {after.LogLoss:F4}, ECE {before.Ece:F4} → {after.Ece:F4}");
        Assert.That(after.LogLoss, Is.LessThan(before.LogLoss));
        Assert.That(after.Ece, Is.LessThan(before.Ece));
    }

    [Test]
    public void A_SavedModel_is_calibrated_from_its_own_graph_into_the_next_version_beside_it()
    {
        // Arrange: a copy of the training run's export, so the test owns its versions.
        string models = _temp.File("saved-model-source");
        CopyDirectory(Path.GetDirectoryName(_run.Export.VersionDirectory)!, Path.Combine(models, "sentiment"));
        string source = Path.Combine(models, "sentiment", "1");

        // Act
        var (exitCode, output) = TrainerCli.Run("calibrate", "--saved-model", source, "--data", _calibration, "--tracking-uri", _temp.File("mlruns-saved"));

        // Assert: the next version beside it; only the combining layer and the model info differ.
        Assert.That(exitCode, Is.Zero, output);
        string next = Path.Combine(models, "sentiment", "2");
        var original = SavedModelEditor.Read(source);
        var edited = SavedModelEditor.Read(next);
        Assert.That(SavedModelEditor.ReadCombination(edited), Is.Not.EqualTo(SavedModelEditor.ReadCombination(original)));
        var changed = edited.MetaGraphs[0].GraphDef.Node.Zip(original.MetaGraphs[0].GraphDef.Node)
            .Where(pair => !pair.First.Equals(pair.Second)).Select(pair => pair.First.Name);
        Assert.That(changed, Is.EquivalentTo(new[] { SentimentGraph.CombineKernelNode, SentimentGraph.CombineBiasNode, SentimentGraph.ModelInfoJsonNode }));
        Assert.That(output, Does.Not.Contain("Checkpoint:"), "a SavedModel has no checkpoint to write");
        Assert.That(JsonDocument.Parse(SavedModelEditor.ReadModelInfo(edited)!).RootElement.GetProperty(ServingContract.ModelInfoCalibration).GetProperty("method").GetString(), Is.EqualTo("temperature"));
    }

    [Test]
    public void A_SavedModel_exported_before_term_logits_existed_is_refused_with_a_pointer_to_its_checkpoint()
    {
        string models = _temp.File("old-export");
        CopyDirectory(Path.GetDirectoryName(_run.Export.VersionDirectory)!, Path.Combine(models, "sentiment"));
        string version = Path.Combine(models, "sentiment", "1");
        var savedModel = SavedModelEditor.Read(version);
        savedModel.MetaGraphs[0].SignatureDef.Remove(ServingContract.TermLogitsSignature);
        File.WriteAllBytes(Path.Combine(version, ServingContract.SavedModelFile), Google.Protobuf.MessageExtensions.ToByteArray(savedModel));

        var (exitCode, output) = TrainerCli.RunUnwrapped("calibrate", "--saved-model", version, "--data", _calibration, "--tracking-uri", _temp.File("mlruns-old"));

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("no term_logits signature").And.Contain("--checkpoint"));
        Assert.That(Directory.Exists(Path.Combine(models, "sentiment", "2")), Is.False);
    }

    [Test]
    public void Too_few_tweets_one_class_or_too_few_of_a_class_for_the_folds_are_refused_with_one_line()
    {
        string few = WriteCsv(_temp.File("few.csv"), NoisyTweets(49, seed: 1));
        string positives = WriteCsv(_temp.File("positives.csv"), NoisyTweets(200, seed: 2).Select(t => t with { Label = 1 }));
        string skewed = WriteCsv(_temp.File("skewed.csv"), NoisyTweets(200, seed: 3).Select((t, i) => t with { Label = i < 3 ? 0 : 1 }));

        foreach (var (file, message) in new[] { (few, "holds 49 labelled tweets; calibrating needs at least 50"), (positives, "holds only positive tweets"), (skewed, "fewer than the 5 folds") })
        {
            var (exitCode, output) = TrainerCli.RunUnwrapped("calibrate", "--checkpoint", _run.CheckpointDirectory, "--data", file, "--tracking-uri", _temp.File("refused"));
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
            Assert.That(output, Does.Contain(message));
        }
        Assert.That(Directory.Exists(_temp.File("refused")), Is.False, "refused before anything is tracked");
    }

    [TestCase(new[] { "--data", "x.csv" }, "Give the model to calibrate")]
    [TestCase(new[] { "--checkpoint", "a", "--saved-model", "b", "--data", "x.csv" }, "exclude each other")]
    [TestCase(new[] { "--checkpoint", "a" }, "Give your labelled tweets")]
    [TestCase(new[] { "--checkpoint", "a", "--data", "/no/such.csv" }, "does not exist")]
    [TestCase(new[] { "--checkpoint", "a", "--data", "x.csv", "--folds", "1" }, "--folds must be between 2 and 20")]
    [TestCase(new[] { "--checkpoint", "a", "--data", "x.csv", "--bag-penalty", "0.1" }, "--bag-penalty needs --fit-bag")]
    [TestCase(new[] { "--checkpoint", "a", "--data", "x.csv", "--fit-bag", "--bag-penalty", "0" }, "--bag-penalty must be a positive number")]
    public void Bad_options_exit_with_2_before_any_work(string[] options, string message)
    {
        string existing = WriteCsv(_temp.File("x.csv"), NoisyTweets(60, seed: 5));
        string[] arguments = [.. options.Select(option => option == "x.csv" ? existing : option)];

        var (exitCode, output) = TrainerCli.RunUnwrapped(["calibrate", .. arguments]);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain(message));
    }

    private static (double LogLoss, double Ece) Scores(params string[] arguments)
    {
        var (exitCode, output) = TrainerCli.Run(arguments);
        Assert.That(exitCode, Is.Zero, output);
        var file = JsonDocument.Parse(output).RootElement.GetProperty("files")[0];
        return (file.GetProperty("log_loss").GetDouble(), file.GetProperty("ece").GetDouble());
    }

    /// <summary>TweetCsv-style tweets whose label disagrees with their sentiment word one time in five.</summary>
    private static List<(string Text, int Label)> NoisyTweets(int count, int seed)
    {
        string path = Path.Combine(Path.GetTempPath(), $"noisy-{Guid.NewGuid():N}.csv");
        try
        {
            TweetCsv.Write(path, count, seed);
            var random = new Random(seed);
            return [.. Trainer.Data.TweetDataReader.Read(path, new Trainer.Data.DataReadOptions(), CancellationToken.None).Tweets
                .Select(tweet => (tweet.Text, random.Next(5) == 0 ? 1 - tweet.Label : tweet.Label))];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteCsv(string path, IEnumerable<(string Text, int Label)> tweets)
    {
        var csv = new StringBuilder("text,label\n");
        foreach (var (text, label) in tweets) csv.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(label).Append('\n');
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
