using System.Text.Json;
using TwitterSentiment.Trainer.Tests.Export;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>`trainer evaluate` and `trainer predict` on the shared tiny trained model, from its checkpoint and its SavedModel.</summary>
[NonParallelizable]
public sealed class EvaluateAndPredictCommandTests : IDisposable
{
    private TempDirectory _temp = null!;
    private string _checkpoint = null!;
    private string _savedModel = null!;
    private string _data = null!;

    [OneTimeSetUp]
    public void CopyTheTrainedModel()
    {
        NodeHarness.EnsureInstalled();
        _temp = new TempDirectory();
        _data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 300);
        _checkpoint = TinyModels.Plain.CopyCheckpointTo(_temp.File("checkpoint"));
        _savedModel = TinyModels.Plain.AddVersionTo(_temp.File("models", "sentiment"), 1);
    }

    [OneTimeTearDown]
    public void Dispose() => _temp?.Dispose();

    [Test]
    public void The_checkpoint_and_its_SavedModel_on_TensorFlow_js_give_the_same_scores_on_the_same_file()
    {
        var fromCheckpoint = File(Evaluate("--checkpoint", _checkpoint));
        var fromSavedModel = File(Evaluate("--saved-model", _savedModel));

        Assert.That(fromCheckpoint.GetProperty("n").GetInt32(), Is.EqualTo(300));
        ScoreParity.AssertSameScores(fromCheckpoint, fromSavedModel);
    }

    [Test]
    public void The_json_holds_the_calibration_error_the_reliability_bins_and_the_best_balanced_accuracy_threshold()
    {
        var file = File(Evaluate("--checkpoint", _checkpoint));

        var bins = file.GetProperty("reliability").EnumerateArray().ToList();
        Assert.That(bins, Has.Count.EqualTo(10));
        Assert.That(bins.Sum(bin => bin.GetProperty("count").GetInt32()), Is.EqualTo(300));
        Assert.That(bins[3].GetProperty("lower").GetDouble(), Is.EqualTo(0.3).Within(1e-12));
        double ece = bins.Where(bin => bin.GetProperty("count").GetInt32() > 0)
            .Sum(bin => bin.GetProperty("count").GetInt32() * Math.Abs(bin.GetProperty("mean_probability").GetDouble() - bin.GetProperty("positive_rate").GetDouble())) / 300;
        Assert.That(file.GetProperty("ece").GetDouble(), Is.EqualTo(ece).Within(1e-9), "the ECE is the bins' weighted gap");
        var best = file.GetProperty("best_balanced_accuracy_threshold");
        Assert.That(best.GetProperty("balanced_accuracy").GetDouble(), Is.GreaterThanOrEqualTo(file.GetProperty("balanced_accuracy").GetDouble()));
        double threshold = best.GetProperty("threshold").GetDouble();
        var atBest = File(Evaluate("--checkpoint", _checkpoint, "--threshold", threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(atBest.GetProperty("balanced_accuracy").GetDouble(), Is.EqualTo(best.GetProperty("balanced_accuracy").GetDouble()).Within(1e-12));
    }

    [Test]
    public void The_table_shows_the_calibration_error_the_best_threshold_and_the_reliability_bins()
    {
        var (exitCode, output) = TrainerCli.RunUnwrapped("evaluate", "--data", _data, "--checkpoint", _checkpoint);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("Calibration error (ECE, 10 bins)").And.Contain("Best balanced-accuracy threshold").And.Contain("P in [0.9, 1.0]"));
    }

    [Test]
    public void A_threshold_of_zero_calls_every_tweet_positive_and_moves_the_confusion_matrix()
    {
        var atHalf = File(Evaluate("--checkpoint", _checkpoint));
        var atZero = File(Evaluate("--checkpoint", _checkpoint, "--threshold", "0"));

        Assert.That(atZero.GetProperty("predicted_positive_rate").GetDouble(), Is.EqualTo(1));
        Assert.That(atZero.GetProperty("confusion_matrix").GetProperty("true_negatives").GetInt32(), Is.Zero);
        Assert.That(atHalf.GetProperty("confusion_matrix").GetProperty("true_negatives").GetInt32(), Is.GreaterThan(0));
        Assert.That(atZero.GetProperty("roc_auc").GetDouble(), Is.EqualTo(atHalf.GetProperty("roc_auc").GetDouble()));
    }

    [Test]
    public void A_file_of_one_class_reports_the_metrics_it_cannot_define_as_null_and_as_a_dash_with_a_note()
    {
        string positives = _temp.File("positives.csv");
        System.IO.File.WriteAllText(positives, "text,label\nwhat a great day,1\ni love it so much,1\n");

        var jsonRun = TrainerCli.Run("evaluate", "--checkpoint", _checkpoint, "--data", positives, "--json");
        var json = File(jsonRun.Stdout);
        var (exitCode, table) = TrainerCli.RunUnwrapped("evaluate", "--checkpoint", _checkpoint, "--data", positives);

        Assert.Multiple(() =>
        {
            foreach (string undefined in new[] { "specificity", "balanced_accuracy", "roc_auc" })
            {
                Assert.That(json.GetProperty(undefined).ValueKind, Is.EqualTo(JsonValueKind.Null), undefined);
            }

            Assert.That(json.GetProperty("recall").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(exitCode, Is.Zero, table);
            Assert.That(table, Does.Match(@"Specificity\s*│\s*—").And.Match(@"Balanced accuracy\s*│\s*—").And.Not.Contain("50.00%"));
            Assert.That(table, Does.Contain("— = undefined"));
        });
    }

    [Test]
    public void Predict_labels_each_text_with_the_checkpoints_probability_as_json_lines()
    {
        var (exitCode, output) = TrainerCli.Run("predict", "--checkpoint", _checkpoint, "--json", "what a great day", "this is awful");

        Assert.That(exitCode, Is.Zero, output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        float[] expected = TinyModels.Plain.Predict(["what a great day", "this is awful"]);
        for (int i = 0; i < 2; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            double probability = line.RootElement.GetProperty("probability").GetDouble();
            Assert.That(probability, Is.EqualTo(expected[i]).Within(1e-6));
            Assert.That(line.RootElement.GetProperty("label").GetString(), Is.EqualTo(probability > 0.5 ? "positive" : "negative"));
        }
    }

    [Test]
    public void The_SavedModel_counts_the_known_tokens_of_each_text_as_the_checkpoint_does()
    {
        string[] texts = ["", "zzqx blorp", "what a great day", "love love love the weekend"];

        int[] fromCheckpoint = KnownTokens(TrainerCli.Run(["predict", "--json", "--checkpoint", _checkpoint, .. texts]).Stdout);
        int[] fromSavedModel = KnownTokens(TrainerCli.Run(["predict", "--json", "--saved-model", _savedModel, .. texts]).Stdout);

        Assert.That(fromCheckpoint, Is.EqualTo(new[] { 0, 0, 3, 5 }), "\"what\" is not a word of the tiny tweets");
        Assert.That(fromSavedModel, Is.EqualTo(fromCheckpoint));
    }

    [Test]
    public void No_model_source_or_two_of_them_are_usage_errors()
    {
        Assert.That(TrainerCli.Run("evaluate", "--data", _data).ExitCode, Is.EqualTo(2));
        Assert.That(TrainerCli.Run("evaluate", "--data", _data, "--checkpoint", _checkpoint, "--saved-model", _savedModel).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void A_missing_checkpoint_and_a_server_that_is_down_are_one_line_errors_with_exit_code_1()
    {
        var missing = TrainerCli.Run("evaluate", "--data", _data, "--checkpoint", _temp.File("no-such-run"));
        var down = TrainerCli.Run("predict", "--server", "http://127.0.0.1:9", "hello");

        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.Output);
        Assert.That(missing.Output, Does.Contain("Error:").And.Not.Contain("   at "));
        Assert.That(down.ExitCode, Is.EqualTo(1), down.Output);
        Assert.That(down.Output, Does.Contain("Cannot reach").And.Not.Contain("   at "));
    }

    [Test]
    public void A_file_without_usable_rows_is_an_error_not_a_table_of_zeros()
    {
        string empty = _temp.File("empty.csv");
        System.IO.File.WriteAllText(empty, "text,label\n");

        var (exitCode, output) = TrainerCli.Run("evaluate", "--data", empty, "--checkpoint", _checkpoint);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Error:"));
    }

    private string Evaluate(params string[] source)
    {
        var (exitCode, output) = TrainerCli.Run(["evaluate", "--data", _data, "--json", .. source]);
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    private static int[] KnownTokens(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("known_tokens").GetInt32())];

    private static JsonElement File(string json) => JsonDocument.Parse(json).RootElement.GetProperty("files")[0];
}
