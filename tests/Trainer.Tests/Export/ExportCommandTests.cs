using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>The <c>export</c> verb end to end, through the trainer's command line as Program.cs wires it.</summary>
[NonParallelizable]
public sealed class ExportCommandTests : IDisposable
{
    private TempDirectory _work = new();
    private string _output = "";

    [SetUp]
    public void CreateWork()
    {
        Dispose();
        _work = new TempDirectory();
        _output = "";
    }

    [TearDown]
    public void Dispose() => _work.Dispose();

    /// <summary>The real command line, as Program.cs builds it; what it printed (standard output and error) goes to <see cref="_output"/>.</summary>
    private int Run(params string[] args)
    {
        var (exitCode, output) = TrainerCli.Run(args);
        _output = output;
        return exitCode;
    }

    private string WriteCheckpoint() => TinyModels.Plain.CopyCheckpointTo(Path.Combine(_work.Path, "checkpoint"));

    [Test]
    public void Exporting_a_checkpoint_writes_the_next_version_under_the_export_dir_and_model_name()
    {
        string checkpoint = WriteCheckpoint();
        string exportDir = Path.Combine(_work.Path, "models");

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir, "--model-name", "tweets");

        Assert.That(exitCode, Is.Zero, _output);
        Assert.That(File.Exists(Path.Combine(exportDir, "tweets", "1", "saved_model.pb")), Is.True);
        Assert.That(_output, Does.Contain("Version"));
    }

    [Test]
    public void A_checkpoint_exported_twice_gives_the_same_bytes_in_every_file()
    {
        // What lets a change to the writer be proven harmless: export one checkpoint before and after it, compare bytes.
        string checkpoint = TinyModels.Bag.CopyCheckpointTo(Path.Combine(_work.Path, "bag"));
        string exportDir = Path.Combine(_work.Path, "models");
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _output);
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _output);

        static Dictionary<string, byte[]> Files(string version) => Directory.EnumerateFiles(version, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(version, file), File.ReadAllBytes);
        var first = Files(Path.Combine(exportDir, "sentiment", "1"));
        var second = Files(Path.Combine(exportDir, "sentiment", "2"));

        Assert.That(second.Keys, Is.EquivalentTo(first.Keys));
        Assert.That(first.Keys, Does.Contain("saved_model.pb"));
        foreach (var (file, bytes) in first)
        {
            Assert.That(second[file], Is.EqualTo(bytes), file);
        }
    }

    [Test]
    public void A_re_export_carries_the_model_info_saved_beside_the_checkpoint_or_a_minimal_one()
    {
        string checkpoint = WriteCheckpoint();
        File.Delete(Path.Combine(checkpoint, TwitterSentiment.Trainer.Export.ExportedModelInfo.FileName)); // as written before model_info.json existed
        string exportDir = Path.Combine(_work.Path, "models");
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _output);
        var saved = new TwitterSentiment.Trainer.Export.ExportedModelInfo { Run = "lstm-earlier", TrainedAt = "2026-12-01T10:00:00Z", Source = "training" };
        saved.Save(checkpoint);
        Assert.That(Run("export", "--checkpoint", checkpoint, "--export-dir", exportDir), Is.Zero, _output);

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
        Assert.That(_output, Does.Contain("does not exist").And.Not.Contain("   at "));
    }

    [Test]
    public void Omitting_the_checkpoint_fails_with_a_clear_message()
    {
        int exitCode = Run("export");

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(_output, Does.Contain("--checkpoint is required"));
    }

    [Test]
    public void A_checkpoint_without_model_json_fails_with_a_clear_message()
    {
        string checkpoint = Directory.CreateDirectory(Path.Combine(_work.Path, "empty")).FullName;

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", Path.Combine(_work.Path, "models"));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(_output, Does.Contain("Cannot read the checkpoint").And.Contain("model.json is missing"));
    }

    [TestCase("model.json", "{ not json")]
    [TestCase("weights.dat", "garbage")]
    [TestCase("vocabulary.txt", "no\nspecials\n")]
    public void A_corrupt_checkpoint_fails_with_a_clear_message(string file, string content)
    {
        string checkpoint = WriteCheckpoint();
        File.WriteAllText(Path.Combine(checkpoint, file), content);

        int exitCode = Run("export", "--checkpoint", checkpoint, "--export-dir", Path.Combine(_work.Path, "models"));

        Assert.That(exitCode, Is.EqualTo(1), _output);
        Assert.That(_output, Does.Contain("Cannot read the checkpoint").And.Not.Contain("   at "));
        Assert.That(Directory.Exists(Path.Combine(_work.Path, "models", "sentiment", "1")), Is.False);
    }
}
