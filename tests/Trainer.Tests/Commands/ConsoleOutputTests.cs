using System.Text.RegularExpressions;
using TwitterSentiment.Trainer.Commands;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// What reaches the console: input echoed in an error or a warning cannot paint or move around the terminal, and
/// output redirected to a file (a script, CI) is whole lines, each progress line once.
/// </summary>
public sealed partial class ConsoleOutputTests
{
    private static readonly string[] TinyModel = TinyTrain.Model;

    [TestCase("plain text", "plain text")]
    [TestCase("\u001b[41mred", "\\x1b[41mred")]
    [TestCase("two\nlines\r\tand a tab", "two\\nlines\\r\\tand a tab")]
    [TestCase("\u0085next line \u009b csi", "\\x85next line \\x9b csi")]
    [TestCase("abc\u202edcba \u2066isolate\u2069", "abc\\u202edcba \\u2066isolate\\u2069")]
    [TestCase("emoji 😍 and accents é stay", "emoji 😍 and accents é stay")]
    public void Control_characters_are_written_as_escapes(string text, string shown)
    {
        Assert.That(ConsoleText.Escape(text), Is.EqualTo(shown));
    }

    [Test]
    public void An_escape_sequence_in_a_csv_is_shown_escaped_in_the_malformed_row_warning_and_in_the_strict_error()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        File.AppendAllText(data, "\"paint it red\",\u001b[41mred\u001b[0m\n");
        string[] train = ["train", "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"), "--tracking-uri", temp.File("mlruns"), .. TinyModel];

        var warned = TrainerCli.RunUnwrapped(train);
        var failed = TrainerCli.RunUnwrapped([.. train, "--strict"]);

        Assert.That(warned.ExitCode, Is.Zero, warned.Output);
        Assert.That(warned.Stdout, Does.Contain("malformed line 302: label '\\x1b[41mred\\x1b[0m' is not "));
        Assert.That(failed.ExitCode, Is.EqualTo(CommandLineErrors.Failure), failed.Output);
        Assert.That(failed.Stderr, Does.Contain("\\x1b[41mred"));
        Assert.That(warned.Output + failed.Output, Does.Not.Contain("\u001b"));
    }

    [Test]
    public void A_file_of_random_bytes_is_one_error_line_without_control_characters()
    {
        using var temp = new TempDirectory();
        string noise = temp.File("noise.csv");
        var random = new Random(3);
        byte[] bytes = new byte[4096];
        random.NextBytes(bytes);
        bytes[0] = (byte)'x'; // neither a zip nor a gzip header: the trainer reads its first line
        File.WriteAllBytes(noise, bytes);

        var run = TrainerCli.RunUnwrapped(["train", "--data", noise, "--checkpoint-dir", temp.Path, "--tracking-uri", temp.File("mlruns"), .. TinyTrain.NoResources]);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.StartWith("Error: ").And.Contain("noise.csv is not a format the trainer knows"));
        Assert.That(run.Stderr.TrimEnd('\n').Where(char.IsControl), Is.Empty, "no control character reaches the terminal");
    }

    [Test]
    public async Task Redirected_a_long_error_is_one_line_not_wrapped_at_80_columns()
    {
        string missing = "/no/such/folder/with/a/name/long/enough/that/the/message/is/well/past/eighty/columns/tweets.csv";

        var result = await TrainerProcess.RunAsync(["evaluate", "--checkpoint", "checkpoints/none", "--data", missing]);

        Assert.That(result.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), result.Output);
        Assert.That(result.StandardError, Is.EqualTo($"Error: --data: the file {missing} does not exist.\n"));
    }

    [Test]
    public async Task Redirected_progress_is_a_few_plain_lines_each_printed_once()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 20_000);

        var result = await TrainerProcess.RunAsync(["train", "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"),
            "--tracking-uri", temp.File("mlruns"), .. TinyModel], timeout: TimeSpan.FromMinutes(3));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        string[] progress = [.. result.StandardOutput.Split('\n').Where(line => ProgressLine().IsMatch(line))];
        Assert.That(progress, Has.Some.StartsWith("Reading data: 100%"));
        Assert.That(progress, Has.Some.Match(@"^Epoch 2/2 .*: 100%$"));
        Assert.That(progress, Is.Unique, result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Not.Contain("\u001b"), "no cursor movement or colour in a file");
        Assert.That(result.StandardOutput.Split('\n'), Has.Some.Contains("Model: embedding 8 → LSTM 8 → dropout 0.3 → dense; sequence length 12; 1 thread(s)"), "a line longer than 80 columns stays whole");
    }

    [GeneratedRegex(@": \d+%$")]
    private static partial Regex ProgressLine();
}
