using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tests.Commands;
using TwitterSentiment.Trainer.Tests.Modeling;

namespace TwitterSentiment.Trainer.Tests.Calibration;

/// <summary>
/// <c>trainer calibrate --fit-bag</c> end to end. The model is trained on tweets whose sentiment is in words like
/// "love" and "hate"; the user's tweets mostly say "bullish" or "bearish" instead — words the bag's vectors know (each
/// has a dimension of its own) but training never saw, so the model is blind to them. Refitting the bag's dense layer
/// on the user's tweets must make the served new version see them on held-out rows; a temperature alone cannot. A
/// SavedModel refits its bag from its own graph to the same weights.
/// </summary>
[NonParallelizable]
public sealed class CalibrateFitBagTests : IAsyncDisposable
{
    private static readonly string[] Filler = ["the", "day", "is", "my", "work", "today", "this", "so", "really", "market"];

    private TempDirectory _temp = null!;
    private TrainingRunResult _bagRun = null!;
    private TrainingRunResult _plainRun = null!;
    private string _calibration = null!;
    private string _heldOut = null!;

    [OneTimeSetUp]
    public void Train()
    {
        _temp = new TempDirectory("calibrate-fit-bag");
        string data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 300);
        // One dimension per word group; the user's words first, as the most frequent words the bag adds to its vocabulary.
        string vectors = _temp.File("vectors.txt");
        File.WriteAllLines(vectors, new[]
        {
            ("bullish", "0 0 1 0 0"), ("bearish", "0 0 0 1 0"),
            ("love", "1 0 0 0 0"), ("great", "1 0 0 0 0"), ("happy", "1 0 0 0 0"), ("awesome", "1 0 0 0 0"), ("best", "1 0 0 0 0"),
            ("hate", "0 1 0 0 0"), ("awful", "0 1 0 0 0"), ("sad", "0 1 0 0 0"), ("worst", "0 1 0 0 0"), ("terrible", "0 1 0 0 0"),
            ("day", "0 0 0 0 1"), ("work", "0 0 0 0 1"), ("market", "0 0 0 0 1"),
        }.Select(pair => $"{pair.Item1} {pair.Item2}"));
        var bag = new BagOptions(EmbeddingsFile.Read(vectors), ExtraWords: 3);
        _bagRun = (TinyRun.Options(_temp.Path, data, "bag") with { Bag = bag }).Execute(new RecordingObserver());
        _plainRun = TinyRun.Options(_temp.Path, data, "plain").Execute(new RecordingObserver());

        var user = DomainTweets(500, seed: 6);
        _calibration = WriteCsv(_temp.File("mine.csv"), user.Take(300));
        _heldOut = WriteCsv(_temp.File("held-out.csv"), user.Skip(300));
    }

    public ValueTask DisposeAsync()
    {
        _temp?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Test]
    public async Task Refitting_the_bag_exports_new_bag_weights_and_the_served_version_scores_the_users_words_on_held_out_rows()
    {
        // Act: without and with --fit-bag, into versions 1 and 2 of a model of their own (the server serves the latest).
        string exports = _temp.File("calibrated-models");
        string mlruns = _temp.File("mlruns");
        var (plainExit, plainOutput) = TrainerCli.Run("calibrate", "--checkpoint", _bagRun.CheckpointDirectory, "--data", _calibration,
            "--checkpoint-dir", _temp.File("calibrated"), "--export-dir", exports, "--tracking-uri", mlruns, "--run-name", "temperature-only");
        Assert.That(plainExit, Is.Zero, plainOutput);
        var (exitCode, output) = TrainerCli.Run("calibrate", "--checkpoint", _bagRun.CheckpointDirectory, "--data", _calibration, "--fit-bag",
            "--checkpoint-dir", _temp.File("calibrated"), "--export-dir", exports, "--tracking-uri", mlruns, "--run-name", "fit-bag");
        Assert.That(exitCode, Is.Zero, output);

        // Assert: reported and recorded as a bag refit.
        Assert.That(output, Does.Contain("temperature, bag").And.Contain("bag of vectors refit, L2 penalty"));
        string withBag = Path.Combine(exports, ServingContract.ModelName, "2");
        var savedModel = SavedModelEditor.Read(withBag);
        var calibration = JsonDocument.Parse(SavedModelEditor.ReadModelInfo(savedModel)!).RootElement.GetProperty(ServingContract.ModelInfoCalibration);
        Assert.That(calibration.GetProperty("method").GetString(), Is.EqualTo("temperature, bag"));
        Assert.That(calibration.GetProperty("bag_penalty").GetDouble(), Is.Positive);
        var fitBagParams = Directory.GetDirectories(Path.Combine(mlruns, "0")).Select(run => File.ReadAllText(Path.Combine(run, "params", "fit_bag")));
        Assert.That(fitBagParams, Is.EquivalentTo(new[] { "False", "True" }), "MLflow records which run refit the bag");
        Assert.That(Directory.GetDirectories(Path.Combine(mlruns, "0")).Count(run => File.Exists(Path.Combine(run, "params", "bag_penalty"))), Is.EqualTo(1));

        // The exported bag layer is not the trained one; the temperature-only version keeps the trained one.
        float[] trained = BagKernel(SavedModelEditor.Read(_bagRun.Export.VersionDirectory));
        Assert.That(BagKernel(savedModel), Is.Not.EqualTo(trained));
        string temperatureOnlyVersion = Path.Combine(exports, ServingContract.ModelName, "1");
        Assert.That(BagKernel(SavedModelEditor.Read(temperatureOnlyVersion)), Is.EqualTo(trained));

        // The refit version served, the others run from their folders, on rows calibration never saw.
        LocalServerProcess.RequireScript();
        await using var server = await LocalServerProcess.StartServingAsync(Path.Combine(exports, ServingContract.ModelName));
        double before = BalancedAccuracy("evaluate", "--data", _heldOut, "--json", "--saved-model", _bagRun.Export.VersionDirectory);
        double bagRefit = BalancedAccuracy("evaluate", "--data", _heldOut, "--json", "--server", server.BaseAddress.AbsoluteUri, "--version", "2");
        double temperatureOnly = BalancedAccuracy("evaluate", "--data", _heldOut, "--json", "--saved-model", temperatureOnlyVersion);
        TestContext.Out.WriteLine($"held-out balanced accuracy: trained {before:P1}, temperature only {temperatureOnly:P1}, bag refit {bagRefit:P1}");
        Assert.That(bagRefit, Is.GreaterThan(0.9), "the refit bag reads bullish and bearish");
        Assert.That(bagRefit, Is.GreaterThan(Math.Max(before, temperatureOnly) + 0.15));
    }

    [Test]
    public void A_SavedModel_refits_its_bag_from_its_own_graph_as_the_checkpoint_does()
    {
        // Arrange: a copy of the bag model's export, so the test owns its versions; the checkpoint's refit to compare with.
        string models = _temp.File("saved-model-source");
        string source = Path.Combine(models, "sentiment", "1");
        CopyDirectory(_bagRun.Export.VersionDirectory, source);
        string fromCheckpoint = _temp.File("checkpoint-refit");
        var (checkpointExit, checkpointOutput) = TrainerCli.Run("calibrate", "--checkpoint", _bagRun.CheckpointDirectory, "--data", _calibration, "--fit-bag",
            "--checkpoint-dir", _temp.File("checkpoint-refit-checkpoints"), "--export-dir", fromCheckpoint, "--tracking-uri", _temp.File("mlruns-checkpoint-refit"));
        Assert.That(checkpointExit, Is.Zero, checkpointOutput);

        // Act
        var (exitCode, output) = TrainerCli.Run("calibrate", "--saved-model", source, "--data", _calibration, "--fit-bag", "--tracking-uri", _temp.File("mlruns-saved-refit"));

        // Assert: the next version beside it; only the two layers and the model info differ; the bag as the checkpoint refit it.
        Assert.That(exitCode, Is.Zero, output);
        var original = SavedModelEditor.Read(source);
        var edited = SavedModelEditor.Read(Path.Combine(models, "sentiment", "2"));
        var changed = edited.MetaGraphs[0].GraphDef.Node.Zip(original.MetaGraphs[0].GraphDef.Node)
            .Where(pair => !pair.First.Equals(pair.Second)).Select(pair => pair.First.Name);
        Assert.That(changed, Is.EquivalentTo(new[]
        {
            SentimentGraph.CombineKernelNode, SentimentGraph.CombineBiasNode, SentimentGraph.BagKernelNode, SentimentGraph.BagBiasNode, SentimentGraph.ModelInfoJsonNode,
        }));
        float[] checkpointKernel = BagKernel(SavedModelEditor.Read(Path.Combine(fromCheckpoint, ServingContract.ModelName, "1")));
        Assert.That(BagKernel(edited), Is.EqualTo(checkpointKernel).Within(1e-3), "the export's tokens and vectors pool as the checkpoint's do");
        Assert.That(BagKernel(edited), Is.Not.EqualTo(BagKernel(original)));
    }

    [TestCase("--checkpoint")]
    [TestCase("--saved-model")]
    public void A_model_without_a_bag_of_vectors_is_refused_before_anything_is_tracked_or_written(string source)
    {
        string model = source == "--checkpoint" ? _plainRun.CheckpointDirectory : _plainRun.Export.VersionDirectory;
        string exports = _temp.File($"refused-models{source}");
        string mlruns = _temp.File($"refused-mlruns{source}");
        string checkpoints = _temp.File($"refused-checkpoints{source}");

        var (exitCode, output) = TrainerCli.RunUnwrapped("calibrate", source, model, "--data", _calibration, "--fit-bag",
            "--export-dir", exports, "--checkpoint-dir", checkpoints, "--tracking-uri", mlruns);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
        Assert.That(output, Does.Contain("has no bag of vectors to refit").And.Contain("drop --fit-bag"));
        Assert.That(new[] { exports, mlruns, checkpoints }.Where(Directory.Exists), Is.Empty);
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(_plainRun.Export.VersionDirectory)!), Has.Length.EqualTo(2), "nothing beside the source either");
    }

    private static float[] BagKernel(Trainer.Export.Proto.SavedModel savedModel)
    {
        var tensor = savedModel.MetaGraphs[0].GraphDef.Node.Single(node => node.Name == SentimentGraph.BagKernelNode).Attr["value"].Tensor;
        return MemoryMarshal.Cast<byte, float>(tensor.TensorContent.Span).ToArray();
    }

    private static double BalancedAccuracy(params string[] arguments)
    {
        var (exitCode, output) = TrainerCli.Run(arguments);
        Assert.That(exitCode, Is.Zero, output);
        return JsonDocument.Parse(output).RootElement.GetProperty("files")[0].GetProperty("balanced_accuracy").GetDouble();
    }

    /// <summary>Half positive; three in four carry "bullish"/"bearish", the rest a training word ("love"/"hate"), amid filler.</summary>
    private static List<(string Text, int Label)> DomainTweets(int count, int seed)
    {
        var random = new Random(seed);
        var tweets = new List<(string, int)>();
        for (int row = 0; row < count; row++)
        {
            int label = row % 2;
            var words = Enumerable.Range(0, random.Next(3, 8)).Select(_ => Filler[random.Next(Filler.Length)]).ToList();
            string marker = random.Next(4) > 0 ? (label == 1 ? "bullish" : "bearish") : (label == 1 ? "love" : "hate");
            words.Insert(random.Next(words.Count + 1), marker);
            tweets.Add((string.Join(' ', words), label));
        }
        return tweets;
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

    private static string WriteCsv(string path, IEnumerable<(string Text, int Label)> tweets)
    {
        var csv = new StringBuilder("text,label\n");
        foreach (var (text, label) in tweets) csv.Append(CultureInfo.InvariantCulture, $"\"{text}\",{label}\n");
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
