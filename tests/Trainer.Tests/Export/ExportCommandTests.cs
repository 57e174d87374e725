using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Commands.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>The <c>export</c> verb end to end, through Spectre.Console.Cli as Program.cs wires it.</summary>
[NonParallelizable]
public sealed class ExportCommandTests : IDisposable
{
    private TempDirectory _work = new();
    private StringWriter _console = new();
    private IAnsiConsole? _previousConsole;

    [SetUp]
    public void CaptureConsole()
    {
        Dispose();
        _work = new TempDirectory();
        _console = new StringWriter();
        _previousConsole = AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(_console),
        });
        console.Profile.Width = 500;
        AnsiConsole.Console = console;
    }

    [TearDown]
    public void RestoreConsole()
    {
        if (_previousConsole is not null) AnsiConsole.Console = _previousConsole;
        Dispose();
    }

    public void Dispose()
    {
        _console.Dispose();
        _work.Dispose();
    }

    private int Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config => config.ConfigureConsole(AnsiConsole.Console).AddCommand<ExportCommand>("export"));
        return app.Run(args);
    }

    private string WriteCheckpoint()
    {
        string checkpoint = Path.Combine(_work.Path, "checkpoint");
        var vocabulary = Vocabulary.Build([["fine", "day"]], maxTokens: 10);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 5, EmbeddingDim = 3, LstmUnits = 2 });
        ModelCheckpoint.Save(checkpoint, model, vocabulary);
        return checkpoint;
    }

    [Test]
    public void Exporting_a_checkpoint_writes_the_next_version_under_the_export_dir_and_model_name()
    {
        string checkpoint = WriteCheckpoint();
        string exportDir = Path.Combine(_work.Path, "models");

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir, "--model-name", "tweets");

        Assert.That(exitCode, Is.Zero, _console.ToString());
        Assert.That(File.Exists(Path.Combine(exportDir, "tweets", "1", "saved_model.pb")), Is.True);
        Assert.That(_console.ToString(), Does.Contain("Version"));
    }

    [Test]
    public void A_re_export_carries_the_model_info_saved_beside_the_checkpoint_or_a_minimal_one()
    {
        string checkpoint = WriteCheckpoint();
        string exportDir = Path.Combine(_work.Path, "models");
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _console.ToString());
        var saved = new TwitterSentiment.Trainer.Export.ExportedModelInfo { Run = "lstm-earlier", TrainedAt = "2026-12-01T10:00:00Z", Source = "training" };
        saved.Save(checkpoint);
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _console.ToString());

        string Json(int version)
        {
            var savedModel = TwitterSentiment.Trainer.Export.Proto.SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(exportDir, "sentiment", $"{version}", "saved_model.pb")));
            return savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model_info/json").Attr["value"].Tensor.StringVal[0].ToStringUtf8();
        }

        Assert.That(Json(1), Does.Contain("\"run\":\"checkpoint\"").And.Contain("without recorded training facts").And.Contain("\"vocabulary_size\""));
        Assert.That(Json(2), Is.EqualTo(saved.ToJson()));
    }

    [Test]
    public void A_missing_checkpoint_folder_fails_with_a_clear_message()
    {
        int exitCode = Run("export", "--checkpoint", Path.Combine(_work.Path, "nope"));

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(_console.ToString(), Does.Contain("does not exist").And.Not.Contain("   at "));
    }

    [Test]
    public void Omitting_the_checkpoint_fails_with_a_clear_message()
    {
        int exitCode = Run("export");

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(_console.ToString(), Does.Contain("--checkpoint is required"));
    }

    [Test]
    public void A_checkpoint_without_model_json_fails_with_a_clear_message()
    {
        string checkpoint = Directory.CreateDirectory(Path.Combine(_work.Path, "empty")).FullName;

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", Path.Combine(_work.Path, "models"));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(_console.ToString(), Does.Contain("Cannot read the checkpoint").And.Contain("model.json is missing"));
    }

    [TestCase("model.json", "{ not json")]
    [TestCase("weights.dat", "garbage")]
    [TestCase("vocabulary.txt", "no\nspecials\n")]
    public void A_corrupt_checkpoint_fails_with_a_clear_message(string file, string content)
    {
        string checkpoint = WriteCheckpoint();
        File.WriteAllText(Path.Combine(checkpoint, file), content);

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", Path.Combine(_work.Path, "models"));

        Assert.That(exitCode, Is.EqualTo(1), _console.ToString());
        Assert.That(_console.ToString(), Does.Contain("Cannot read the checkpoint").And.Not.Contain("   at "));
        Assert.That(Directory.Exists(Path.Combine(_work.Path, "models", "sentiment", "1")), Is.False);
    }
}
