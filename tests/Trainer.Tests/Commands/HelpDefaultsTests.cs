using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Commands.Bench;
using TwitterSentiment.Trainer.Commands.Calibrate;
using TwitterSentiment.Trainer.Commands.Download;
using TwitterSentiment.Trainer.Commands.Evaluate;
using TwitterSentiment.Trainer.Commands.Export;
using TwitterSentiment.Trainer.Commands.Predict;
using TwitterSentiment.Trainer.Commands.Train;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// Defaults are written once: what each command's --help shows as an option's default is its [DefaultValue], which is
/// the value the settings start with, and the options records a command builds from untouched settings hold their
/// own defaults.
/// </summary>
public sealed class HelpDefaultsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 15, 30, 0, TimeSpan.Zero);

    private static IEnumerable<TestCaseData> Commands()
    {
        yield return new TestCaseData(new[] { "train" }, typeof(TrainSettings)).SetArgDisplayNames("train");
        yield return new TestCaseData(new[] { "bench" }, typeof(TrainingBenchSettings)).SetArgDisplayNames("bench");
        yield return new TestCaseData(new[] { "bench", "synthetic" }, typeof(SyntheticBenchSettings)).SetArgDisplayNames("bench synthetic");
        yield return new TestCaseData(new[] { "evaluate" }, typeof(EvaluateSettings)).SetArgDisplayNames("evaluate");
        yield return new TestCaseData(new[] { "predict" }, typeof(PredictSettings)).SetArgDisplayNames("predict");
        yield return new TestCaseData(new[] { "calibrate" }, typeof(CalibrateSettings)).SetArgDisplayNames("calibrate");
        yield return new TestCaseData(new[] { "export" }, typeof(ExportCommand.Settings)).SetArgDisplayNames("export");
        yield return new TestCaseData(new[] { "download" }, typeof(DownloadSettings)).SetArgDisplayNames("download");
        yield return new TestCaseData(new[] { "download", "sentiment140" }, typeof(DownloadSettings)).SetArgDisplayNames("download sentiment140");
        yield return new TestCaseData(new[] { "download", "embeddings" }, typeof(DownloadEmbeddingsCommand.Settings)).SetArgDisplayNames("download embeddings");
        yield return new TestCaseData(new[] { "download", "lexicon" }, typeof(DownloadLexiconCommand.Settings)).SetArgDisplayNames("download lexicon");
    }

    [TestCaseSource(nameof(Commands))]
    public void Every_default_in_help_is_the_DefaultValue_and_the_value_the_settings_start_with(string[] command, Type settingsType)
    {
        var shown = HelpDefaults(command);
        object settings = Activator.CreateInstance(settingsType)!;

        foreach (var property in settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } option) continue;
            string name = "--" + option.LongNames[0];
            Assert.That(shown.ContainsKey(name), Is.True, $"{string.Join(' ', command)} --help lists {name}");
            object? initial = property.GetValue(settings);
            if (property.GetCustomAttribute<DefaultValueAttribute>() is { } declared)
            {
                Assert.That(initial, Is.EqualTo(declared.Value), $"{name}: the settings start with the [DefaultValue]");
                Assert.That(shown[name], Is.EqualTo(Convert.ToString(declared.Value, CultureInfo.InvariantCulture)), $"{name}: --help shows the [DefaultValue]");
            }
            else
            {
                Assert.That(shown[name], Is.Empty, $"{name}: no default is shown");
                Assert.That(initial is null or false or Array { Length: 0 }, Is.True, $"{name} has no [DefaultValue], so it starts empty (got {initial})");
            }
        }
    }

    [Test]
    public void Untouched_train_settings_make_the_records_own_defaults()
    {
        var options = new TrainSettings().ToRunOptions(Now, lexicon: null, embeddings: null);
        var defaults = new TrainingRunOptions { CheckpointDirectory = "c", ExportDirectory = "e", RunName = "r" };

        Assert.That(options.Loop, Is.EqualTo(new TrainingLoopOptions()));
        Assert.That(options.Model, Is.EqualTo(defaults.Model));
        Assert.That(options.MaxTokens, Is.EqualTo(defaults.MaxTokens));
        Assert.That((options.ValidationSplit, options.TestSplit, options.Threads, options.WaitPolicy, options.DenseEmbeddingUpdates, options.ModelName, options.Strict),
            Is.EqualTo((defaults.ValidationSplit, defaults.TestSplit, defaults.Threads, defaults.WaitPolicy, defaults.DenseEmbeddingUpdates, defaults.ModelName, defaults.Strict)));
    }

    [Test]
    public void Untouched_scoring_settings_make_the_model_sources_own_defaults()
    {
        var checkpoint = new PredictSettings { Checkpoint = "run" }.ToModelSource();
        var server = (ServingSource)new EvaluateSettings { Server = "http://localhost:8501" }.ToModelSource();
        var defaults = new ServingSource(new Uri("http://localhost:8501"), ServingContract.ModelName, null, null);

        Assert.That(checkpoint.BatchSize, Is.EqualTo(new CheckpointSource("run").BatchSize));
        Assert.That(server.Timeout, Is.EqualTo(defaults.Timeout));
        Assert.That(server.ModelName, Is.EqualTo(defaults.ModelName));
        Assert.That(new PredictSettings().Threshold, Is.EqualTo(ClassificationMetrics.DefaultThreshold));
    }

    /// <summary>Option (its long name) → the text of --help's DEFAULT column ("" when none).</summary>
    private static Dictionary<string, string> HelpDefaults(string[] command)
    {
        var run = TrainerCli.RunUnwrapped([.. command, "--help"]);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        string[] lines = run.Stdout.Split('\n');
        int header = Array.FindIndex(lines, line => line.TrimEnd() == "OPTIONS:") + 1;
        Assert.That(header, Is.GreaterThan(0), "--help lists options:\n" + run.Stdout);
        // Without any default, Spectre leaves the DEFAULT column out.
        int column = lines[header].Trim() == "DEFAULT" ? lines[header].IndexOf("DEFAULT", StringComparison.Ordinal) : int.MaxValue;
        if (column == int.MaxValue) header--;
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(header + 1).TakeWhile(line => line.Trim().Length > 0))
        {
            string? name = line[..Math.Min(column, line.Length)].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(word => word.StartsWith("--", StringComparison.Ordinal));
            if (name is null) continue;
            string rest = line.Length > column ? line[column..] : "";
            int end = rest.IndexOf("  ", StringComparison.Ordinal);
            defaults[name] = (end < 0 ? rest : rest[..end]).Trim();
        }
        return defaults;
    }
}
