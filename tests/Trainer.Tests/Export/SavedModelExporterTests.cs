using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

public sealed class SavedModelExporterTests : IDisposable
{
    private readonly Vocabulary _vocabulary = Vocabulary.Build([["happy", "sad"]], maxTokens: 10);
    private TempDirectory _exports = new();

    [SetUp]
    public void CreateExportDirectory()
    {
        _exports.Dispose();
        _exports = new TempDirectory();
    }

    [TearDown]
    public void Dispose() => _exports.Dispose();

    private SentimentModel NewModel() =>
        new(new ModelOptions { VocabularySize = _vocabulary.Count, SequenceLength = 4, EmbeddingDim = 3, LstmUnits = 2 });

    [Test]
    public void Successive_exports_get_successive_versions_starting_at_1()
    {
        using var model = NewModel();

        var first = SavedModelExporter.Export(model, _vocabulary, _exports.Path, "m");
        var second = SavedModelExporter.Export(model, _vocabulary, _exports.Path, "m");

        Assert.That((first.Version, second.Version), Is.EqualTo((1L, 2L)));
        Assert.That(first.VersionDirectory, Is.EqualTo(Path.Combine(_exports.Path, "m", "1")));
        Assert.That(File.Exists(Path.Combine(second.VersionDirectory, "saved_model.pb")), Is.True);
        Assert.That(first.SavedModelBytes, Is.EqualTo(new FileInfo(Path.Combine(first.VersionDirectory, "saved_model.pb")).Length));
    }

    [Test]
    public void The_next_version_follows_the_highest_numeric_directory_and_ignores_others()
    {
        string modelDirectory = Path.Combine(_exports.Path, "m");
        foreach (string name in new[] { "3", "007", "12", "latest", "13abc", ".export-old" })
            Directory.CreateDirectory(Path.Combine(modelDirectory, name));
        using var model = NewModel();

        var result = SavedModelExporter.Export(model, _vocabulary, _exports.Path, "m");

        Assert.That(result.Version, Is.EqualTo(13));
    }

    [Test]
    public void No_temporary_directory_is_left_behind()
    {
        using var model = NewModel();

        SavedModelExporter.Export(model, _vocabulary, _exports.Path, "m");

        Assert.That(Directory.GetDirectories(Path.Combine(_exports.Path, "m")).Select(Path.GetFileName), Is.EqualTo(new[] { "1" }));
    }

    [Test]
    public void The_next_version_of_a_model_that_does_not_exist_yet_is_1()
    {
        Assert.That(SavedModelExporter.NextVersion(Path.Combine(_exports.Path, "absent")), Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("name:1")]
    public void A_model_name_that_is_not_one_folder_name_is_refused(string name)
    {
        using var model = NewModel();

        Assert.That(() => SavedModelExporter.Export(model, _vocabulary, _exports.Path, name), Throws.ArgumentException);
    }

    [Test]
    public void A_vocabulary_that_does_not_fit_the_model_is_refused()
    {
        using var model = new SentimentModel(new ModelOptions { VocabularySize = 50, SequenceLength = 4, EmbeddingDim = 3, LstmUnits = 2 });

        Assert.That(() => SavedModelExporter.Export(model, _vocabulary, _exports.Path, "m"),
            Throws.ArgumentException.With.Message.Contains("the model expects 50"));
        Assert.That(Directory.Exists(Path.Combine(_exports.Path, "m", "1")), Is.False);
    }
}
