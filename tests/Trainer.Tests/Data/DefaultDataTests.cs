using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

public sealed class DefaultDataTests
{
    private string _root = "";

    [SetUp]
    public void CreateRepository()
    {
        _root = Directory.CreateTempSubdirectory("repo-").FullName;
        File.WriteAllText(Path.Combine(_root, DefaultData.SolutionFileName), "");
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        Directory.CreateDirectory(Path.Combine(_root, "Trainer", "bin"));
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_repository_root_is_the_nearest_folder_holding_the_solution()
    {
        Assert.That(DefaultData.FindRepositoryRoot(Path.Combine(_root, "Trainer", "bin")), Is.EqualTo(_root));
    }

    [Test]
    public void Data_goes_to_the_repository_data_folder_or_else_to_the_current_one()
    {
        string outside = Directory.CreateTempSubdirectory("norepo-").FullName;
        try
        {
            Assert.That(DefaultData.DataDirectory(Path.Combine(_root, "Trainer", "bin")), Is.EqualTo(Path.Combine(_root, "data")));
            Assert.That(DefaultData.DataDirectory(outside), Is.EqualTo(Path.Combine(outside, "data")));
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Test]
    public void Without_the_full_file_the_bundled_sample_is_used()
    {
        var source = DefaultData.Locate(Path.Combine(_root, "Trainer"));

        Assert.That(source.IsBundledSample, Is.True);
        Assert.That(source.Description, Is.EqualTo("bundled sample"));
    }

    [Test]
    public void Outside_any_repository_the_bundled_sample_is_used()
    {
        string outside = Directory.CreateTempSubdirectory("norepo-").FullName;
        try
        {
            Assert.That(DefaultData.Locate(outside).IsBundledSample, Is.True);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Test]
    public void The_downloaded_full_file_is_preferred_and_described()
    {
        string full = Path.Combine(_root, "data", DefaultData.Sentiment140FileName);
        File.WriteAllText(full, "\"0\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"meh\"\n\"4\",\"2\",\"d\",\"NO_QUERY\",\"u\",\"yay\"\n");

        var source = DefaultData.Locate(Path.Combine(_root, "Trainer", "bin"));
        var data = DefaultData.Load(DataReadOptions.Default, CancellationToken.None, Path.Combine(_root, "Trainer", "bin"));

        Assert.That(source.Path, Is.EqualTo(full));
        Assert.That(source.Description, Is.EqualTo("full Sentiment140 (1.6M tweets)"));
        Assert.That(data.Format, Is.EqualTo(DataFormat.Sentiment140));
        Assert.That(data.Tweets, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_bundled_sample_is_a_clean_balanced_set_of_about_three_thousand_tweets()
    {
        var data = DefaultData.Load(DataReadOptions.Default with { Strict = true }, CancellationToken.None, _root);

        Assert.That(data.Source, Is.EqualTo("bundled sample"));
        Assert.That(data.Format, Is.EqualTo(DataFormat.TextLabelCsv));
        Assert.That(data.Tweets, Has.Count.InRange(2500, 3500));
        Assert.That(data.PositiveCount, Is.EqualTo(data.NegativeCount));
        Assert.That(data.Tweets.Select(t => t.Text), Is.Unique);
    }

    [Test]
    public void The_bundled_sample_needs_more_than_one_word_to_classify()
    {
        // Every frequent word occurs in both classes, so no single word decides the label.
        var data = DefaultData.Load(DataReadOptions.Default, CancellationToken.None, _root);
        var classesByWord = data.Tweets
            .SelectMany(t => t.Text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Select(w => (w, t.Label)))
            .GroupBy(p => p.w)
            .Where(g => g.Count() >= 100)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Label).Distinct().Count());

        Assert.That(classesByWord, Is.Not.Empty);
        Assert.That(classesByWord.Where(p => p.Value == 1).Select(p => p.Key), Is.Empty);
    }
}
