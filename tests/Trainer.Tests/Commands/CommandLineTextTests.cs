using System.Text;
using System.Text.Json;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tests.Modeling;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// The command line's texts, through the real program in a process of its own (real standard input): "--" ends the
/// options, "-" is standard input, a byte-order mark on standard input is dropped as it is from files, bytes that
/// are not UTF-8 are an error naming the line, and a text of which the model knows no word says so.
/// </summary>
[NonParallelizable]
public sealed class CommandLineTextTests : IDisposable
{
    private TempDirectory _temp = null!;
    private TrainingRunResult _run = null!;
    private string _data = null!;

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _temp = new TempDirectory();
        _data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 300);
        _run = TinyRun.Options(_temp.Path, _data, "texts").Execute(new RecordingObserver());
    }

    [OneTimeTearDown]
    public void Dispose() => _temp?.Dispose();

    [TestCase(new[] { "predict", "--", "-bad day" }, new[] { "predict", "\uE000-bad day" })]
    [TestCase(new[] { "predict", "--json", "-" }, new[] { "predict", "--json", "\uE000-" })]
    [TestCase(new[] { "evaluate", "--data", "-", "--json" }, new[] { "evaluate", "--data=-", "--json" })]
    [TestCase(new[] { "predict", "a", "--", "--json", "-", "b" }, new[] { "predict", "a", "\uE000--json", "\uE000-", "b" })]
    [TestCase(new[] { "predict", "-c", "run", "-" }, new[] { "predict", "-c", "run", "\uE000-" })]
    public void Words_after_double_dash_and_a_lone_dash_reach_the_command_as_arguments(string[] typed, string[] prepared)
    {
        Assert.That(CommandLineArguments.Prepare(typed), Is.EqualTo(prepared));
        Assert.That(prepared.Select(CommandLineArguments.Argument), Is.EqualTo(prepared.Select(word => word.TrimStart('\uE000'))));
    }

    [Test]
    public async Task After_double_dash_a_text_that_starts_with_a_dash_is_scored_not_read_as_an_option()
    {
        var result = await Predict(["--json", "--", "-bad day", "--json"], input: "not this\n");

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(Texts(result.StandardOutput), Is.EqualTo(new[] { "-bad day", "--json" }));
    }

    [Test]
    public async Task A_lone_dash_reads_standard_input_in_place_even_after_a_flag()
    {
        var result = await Predict(["--json", "first", "-", "last"], input: "great day\n\nawful day\n");

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(Texts(result.StandardOutput), Is.EqualTo(new[] { "first", "great day", "awful day", "last" }));
    }

    [Test]
    public async Task A_byte_order_mark_on_standard_input_is_dropped_as_from_a_file()
    {
        var withMark = await Predict(["--json"], input: "\uFEFFgreat day\n");
        var withoutMark = await Predict(["--json", "great day"]);

        Assert.That(withMark.ExitCode, Is.Zero, withMark.Output);
        Assert.That(withMark.StandardOutput, Is.EqualTo(withoutMark.StandardOutput));
        Assert.That(Texts(withMark.StandardOutput), Is.EqualTo(new[] { "great day" }));
    }

    [Test]
    public async Task Bytes_that_are_not_UTF8_on_standard_input_are_an_error_naming_the_line_never_replaced()
    {
        byte[] input = [.. "great day\n"u8, .. "go"u8, 0xFF, .. "od day\n"u8];

        var result = await TrainerProcess.RunAsync(["predict", "--checkpoint", _run.CheckpointDirectory, "--json"], input: input);

        Assert.That(result.ExitCode, Is.EqualTo(CommandLineErrors.Failure), result.Output);
        Assert.That(result.StandardOutput, Is.Empty);
        Assert.That(result.StandardError.Trim(), Is.EqualTo("Error: standard input, line 2: the text is not UTF-8 (byte 0xFF at byte 3 of the line). Save it as UTF-8 and try again."));
    }

    [Test]
    public async Task Evaluate_reads_a_labelled_csv_from_standard_input_with_a_dash()
    {
        var result = await TrainerProcess.RunAsync(["evaluate", "--checkpoint", _run.CheckpointDirectory, "--json", "--data", "-"], input: File.ReadAllBytes(_data));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        var file = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("files")[0];
        Assert.That(file.GetProperty("path").GetString(), Is.EqualTo("standard input"));
        Assert.That(file.GetProperty("n").GetInt32(), Is.EqualTo(300));
    }

    [Test]
    public void Predict_says_which_texts_the_model_knew_no_word_of_in_json_and_in_the_table()
    {
        string[] texts = ["", "zzqx blorp", "what a great day"];

        var json = TrainerCli.Run(["predict", "--checkpoint", _run.CheckpointDirectory, "--json", .. texts]);
        var table = TrainerCli.RunUnwrapped(["predict", "--checkpoint", _run.CheckpointDirectory, .. texts]);

        Assert.That(json.ExitCode, Is.Zero, json.Output);
        var known = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("known_tokens").GetInt32()).ToList();
        Assert.That(known, Is.EqualTo(new[] { 0, 0, 2 }), "\"great\" and \"day\" are in the vocabulary, \"what\" and \"a\" are not");
        string[] rows = table.Stdout.Split('\n');
        Assert.That(rows.Count(row => row.Contains("knew none of its words", StringComparison.Ordinal)), Is.EqualTo(2), table.Stdout);
        Assert.That(rows.Single(row => row.Contains("what a great day", StringComparison.Ordinal)), Does.Not.Contain("knew none"));
    }

    private Task<ProcessResult> Predict(string[] args, string? input = null) =>
        TrainerProcess.RunAsync(["predict", "--checkpoint", _run.CheckpointDirectory, .. args], input: input is null ? null : Encoding.UTF8.GetBytes(input));

    private static List<string> Texts(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString() ?? "")];
}
