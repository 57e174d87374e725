using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Commands;

public sealed class TrainCommandTests
{
    private static readonly string[] TinyModel = TinyTrain.Model;

    [Test]
    public void A_missing_data_file_is_a_one_line_error_with_a_non_zero_exit_code()
    {
        var (exitCode, output) = TrainerCli.Run("train", "--data", "/no/such/tweets.csv");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("Error:").And.Contain("/no/such/tweets.csv").And.Contain("does not exist"));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [TestCase("--epochs", "0", "--epochs must be between 1 and 1000")]
    [TestCase("--batch-size", "-5", "--batch-size must be between")]
    [TestCase("--max-tokens", "2", "--max-tokens must be between 3")]
    [TestCase("--sequence-length", "0", "--sequence-length must be between")]
    [TestCase("--dropout", "1.5", "--dropout must be at least 0 and below 1")]
    [TestCase("--learning-rate", "0", "--learning-rate must be above 0")]
    [TestCase("--patience", "0", "--patience must be at least 1")]
    [TestCase("--validation-split", "0", "--validation-split must be between 0 and 1")]
    [TestCase("--test-split", "1.2", "--test-split must be between 0 and 1")]
    [TestCase("--threads", "0", "--threads must be between 1 and 256")]
    [TestCase("--lexicon-weight", "-1", "--lexicon-weight must be between 0 and 100")]
    [TestCase("--lexicon", "/no/such/lexicon.txt", "neither a file nor \"vader\"")]
    [TestCase("--seed", "-1", "--seed must not be negative")]
    [TestCase("--run-name", "a/b", "--run-name must be usable as a folder name")]
    public void A_bad_option_value_is_named_in_the_error(string option, string value, string message)
    {
        var (exitCode, output) = TrainerCli.Run("train", option, value);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain(message));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [TestCase("vectors", "--embedding-dim 50 contradicts the 100-dimensional vectors in")]
    [TestCase("ragged-vectors", "line 2: the word \"bad\" has 99 values, but the file's vectors have 100")]
    [TestCase("lexicon", "line 2: expected a token, a tab and its mean rating")]
    public void A_lexicon_or_vectors_file_that_cannot_be_used_is_a_usage_error_before_the_data_is_read_or_a_run_opened(string file, string message)
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string Vector(string word, int values) => word + string.Concat(Enumerable.Range(0, values).Select(i => $" {i % 7 * 0.1:0.0}"));
        string path = temp.File(file + ".txt");
        File.WriteAllText(path, file switch
        {
            "vectors" => $"{Vector("good", 100)}\n{Vector("bad", 100)}\n",
            "ragged-vectors" => $"{Vector("good", 100)}\n{Vector("bad", 99)}\n",
            _ => "good\t3.1\t0.5\t[3]\nbad\tawful\n",
        });
        string[] option = file == "lexicon"
            ? ["--lexicon", path, "--bag-of-vectors", "none"]
            : ["--embeddings", path, "--embedding-dim", file == "vectors" ? "50" : "100", .. TinyTrain.NoResources];

        var run = TrainerCli.RunUnwrapped(["train", "--data", data, "--checkpoint-dir", temp.File("checkpoints"), "--export-dir", temp.File("models"),
            "--tracking-uri", temp.File("mlruns"), "--epochs", "1", "--lstm-units", "8", "--threads", "1", .. option]);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), run.Output);
        Assert.That(run.Stderr, Does.StartWith("Error: ").And.Contain(message).And.Contain(path));
        Assert.That(run.Stdout, Does.Not.Contain("Data:"), "the data was not read");
        Assert.That(Directory.Exists(temp.File("mlruns")), Is.False, "no MLflow run was opened (so none is left FAILED)");
        Assert.That(Directory.Exists(temp.File("checkpoints")), Is.False);
    }

    [Test]
    public void A_named_vector_set_of_another_dimension_than_embedding_dim_is_a_usage_error()
    {
        var (exitCode, output) = TrainerCli.Run("train", "--embeddings", "glove-6b-100d", "--embedding-dim", "50");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("--embedding-dim 50 contradicts --embeddings glove-6b-100d"));
    }

    [Test]
    public void Splits_that_leave_too_little_for_training_are_rejected()
    {
        var (exitCode, output) = TrainerCli.Run("train", "--validation-split", "0.5", "--test-split", "0.45");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("must leave at least 10% for training"));
    }

    [TestCase("--epochs", "many")]
    [TestCase("--no-such-option", "1")]
    public void Unparsable_or_unknown_options_are_usage_errors(string option, string value)
    {
        var (exitCode, output) = TrainerCli.Run("train", option, value);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("Error:"));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [Test]
    public void An_empty_data_file_is_a_data_error_with_a_non_zero_exit_code()
    {
        using var temp = new TempDirectory();
        string empty = temp.File("empty.csv");
        File.WriteAllText(empty, "");

        var (exitCode, output) = TrainerCli.Run(["train", "--data", empty, "--checkpoint-dir", temp.Path, .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure));
        Assert.That(output, Does.Contain("Error:").And.Contain("empty.csv"));
        Assert.That(output, Does.Not.Contain("   at "));
        Assert.That(Directory.GetDirectories(temp.Path), Is.Empty, "no checkpoint for a failed run");
    }

    [Test]
    public void A_file_with_too_few_tweets_to_split_is_a_data_error()
    {
        using var temp = new TempDirectory();
        string tiny = TweetCsv.Write(temp.File("tiny.csv"), rows: 4);

        var (exitCode, output) = TrainerCli.Run(["train", "--data", tiny, "--checkpoint-dir", temp.Path, .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure));
        Assert.That(output, Does.Contain("too few to split"));
    }

    [Test]
    public void Malformed_rows_are_reported_with_their_line_numbers_and_skipped()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        File.AppendAllText(data, "\"a tweet with a bad label\",7\n");

        var (exitCode, output) = TrainerCli.Run(["train", "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"), .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("300 tweets used").And.Contain("1 malformed skipped").And.Contain("line 302"));
    }

    [Test]
    public void In_strict_mode_a_malformed_row_stops_the_run_naming_its_line()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        File.AppendAllText(data, "\"a tweet with a bad label\",7\n");

        var (exitCode, output) = TrainerCli.Run(["train", "--strict", "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"), .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure));
        Assert.That(output, Does.Contain("Error:").And.Contain("302"));
        Assert.That(output, Does.Not.Contain("   at "));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_tiny_run_trains_prints_the_metrics_table_and_saves_a_loadable_checkpoint(bool explicitVerb)
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 400);
        string[] verb = explicitVerb ? ["train"] : [];

        var (exitCode, output) = TrainerCli.Run([.. verb, "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"), "--run-name", "tiny", .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("400 tweets used").And.Contain("Epoch  1:").And.Contain("ROC AUC").And.Contain("Confusion: true positives"));
        var (model, vocabulary) = ModelCheckpoint.Load(Path.Combine(temp.Path, "tiny"));
        using (model)
        {
            Assert.That(model.Options.SequenceLength, Is.EqualTo(12));
            Assert.That(vocabulary.Count, Is.EqualTo(model.Options.VocabularySize));
        }
    }

    [Test]
    public void A_run_with_a_lexicon_file_says_what_it_rates_and_the_checkpoint_keeps_the_lexicon()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string lexicon = temp.File("lexicon.txt");
        File.WriteAllText(lexicon, "great\t3.1\t0.5\t[3]\nawful\t-2.0\t0.7\t[-2]\nsplendid\t2.8\t0.6\t[3]\n");
        string[] options = [.. TinyModel[..^4], "--bag-of-vectors", "none", "--lexicon", lexicon, "--lexicon-weight", "1.5"];

        var (exitCode, output) = TrainerCli.Run(["train", "--data", data, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"), "--run-name", "lexical",
            "--tracking-uri", temp.File("mlruns"), .. options]);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Lexicon: lexicon.txt (3 entries), weight 1.5"));
        var (model, vocabulary) = ModelCheckpoint.Load(Path.Combine(temp.Path, "lexical"));
        using (model)
        {
            Assert.That(model.Options.LexiconWeight, Is.EqualTo(1.5));
            Assert.That(vocabulary.IdOf("splendid"), Is.Not.EqualTo(TwitterSentiment.Trainer.Text.Vocabulary.OutOfVocabularyId), "a rated word the tweets never use gets an id");
            var lexiconTable = model.ExportWeights().Lexicon!.Table;
            Assert.That(lexiconTable.Valences[vocabulary.IdOf("splendid")], Is.EqualTo(2.8f / 4).Within(1e-6f));
            Assert.That(lexiconTable.Negations[vocabulary.IdOf("not")], Is.EqualTo(1f));
        }
        string run = Directory.EnumerateDirectories(temp.File("mlruns"), "*", SearchOption.AllDirectories).Single(d => Directory.Exists(Path.Combine(d, "params")));
        Assert.That(File.ReadAllText(Path.Combine(run, "params", "lexicon_weight")), Is.EqualTo("1.5"));
        Assert.That(File.ReadAllText(Path.Combine(run, "params", "lexicon_path")), Is.EqualTo(lexicon));
        Assert.That(int.Parse(File.ReadAllText(Path.Combine(run, "params", "lexicon_rated_tokens")), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(3));
    }

    [Test]
    public void Repeated_data_options_train_on_all_files_and_report_each_file_in_the_console_and_MLflow()
    {
        using var temp = new TempDirectory();
        string first = TweetCsv.Write(temp.File("first.csv"), rows: 300);
        string second = temp.File("second.csv");
        // Sentiment140's own format: no header, Latin-1, polarity 0/2/4; one neutral row and one malformed row.
        File.WriteAllLines(second, [
            .. Enumerable.Range(0, 60).Select(i => $"\"{(i % 2 == 0 ? 0 : 4)}\",\"{i}\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user\",\"{(i % 2 == 0 ? "awful day" : "great day")} number {i}\""),
            "\"2\",\"99\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user\",\"just a day\"",
            "\"7\",\"100\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user\",\"bad polarity\"",
        ]);

        var (exitCode, output) = TrainerCli.Run(["train", "--data", first, "--data", second, "--checkpoint-dir", temp.Path, "--export-dir", temp.File("models"),
            "--tracking-uri", temp.File("mlruns"), .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Data: 2 files"));
        Assert.That(output, Does.Contain("first.csv (TextLabelCsv): 300 rows read, 300 tweets used, 0 neutral skipped, 0 malformed skipped"));
        Assert.That(output, Does.Contain("second.csv (Sentiment140): 62 rows read, 60 tweets used, 1 neutral skipped, 1 malformed skipped"));
        Assert.That(output, Does.Contain("In all: 362 rows read, 360 tweets used, 1 neutral skipped, 1 malformed skipped"));
        Assert.That(output, Does.Contain("second.csv, line 62"), "a malformed row is named with its file");
        string run = Directory.EnumerateDirectories(temp.File("mlruns"), "*", SearchOption.AllDirectories).Single(d => Directory.Exists(Path.Combine(d, "params")));
        string Param(string name) => File.ReadAllText(Path.Combine(run, "params", name));
        Assert.That(Param("data_files"), Is.EqualTo("2"));
        Assert.That(Param("data_tweets"), Is.EqualTo("360"));
        Assert.That(Param("data_file_1_tweets"), Is.EqualTo("300"));
        Assert.That(Param("data_file_2_tweets"), Is.EqualTo("60"));
        Assert.That(Param("data_file_2_path"), Is.EqualTo(second));
        Assert.That(Param("data_sha256"), Has.Length.EqualTo(64).And.Not.EqualTo(Param("data_file_1_sha256")));
    }

    [Test]
    public void Help_describes_every_training_option()
    {
        var (exitCode, output) = TrainerCli.Run("train", "--help");

        Assert.That(exitCode, Is.EqualTo(0));
        string[] options =
        [
            "--data", "--strict", "--epochs", "--batch-size", "--max-tokens", "--sequence-length", "--embedding-dim", "--lstm-units",
            "--bidirectional", "--dropout", "--learning-rate", "--patience", "--validation-split", "--test-split", "--seed", "--threads",
            "--checkpoint-dir", "--export-dir", "--model-name", "--tracking-uri", "--experiment", "--run-name",
        ];
        Assert.That(options, Has.All.Matches<string>(option => output.Contains(option, StringComparison.Ordinal)));
    }

    [Test]
    public void A_cancelled_run_exits_with_the_cancellation_code_and_writes_no_checkpoint()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 400);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        var (exitCode, output) = TrainerCli.Run(cancellation.Token, ["train", "--data", data, "--checkpoint-dir", temp.Path, "--run-name", "cancelled", .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Cancelled));
        Assert.That(Directory.Exists(Path.Combine(temp.Path, "cancelled")), Is.False);
        Assert.That(output, Does.Not.Contain("   at "));
    }
}
