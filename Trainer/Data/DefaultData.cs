namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// What to train on when no <c>--data</c> is given: the full Sentiment140 file at
/// <c>&lt;repo&gt;/data/training.1600000.processed.noemoticon.csv</c> when it has been downloaded, otherwise the
/// sample embedded in this assembly, so a fresh clone trains offline from any directory.
/// </summary>
public static class DefaultData
{
    public const string Sentiment140FileName = "training.1600000.processed.noemoticon.csv";
    /// <summary>Sentiment140's hand-labelled test set (498 tweets, 359 once the neutral ones are dropped), from the same archive.</summary>
    public const string Sentiment140TestFileName = "testdata.manual.2009.06.14.csv";
    public const string FullDescription = "full Sentiment140 (1.6M tweets)";
    public const string SampleDescription = "bundled sample";
    public const string SolutionFileName = "TwitterSentiment.sln";
    internal const string SampleResourceName = "TwitterSentiment.Trainer.Data.sample-tweets.csv";

    /// <summary>The nearest ancestor of <paramref name="startDirectory"/> (itself included) holding the solution file, or null.</summary>
    public static string? FindRepositoryRoot(string? startDirectory = null)
    {
        for (var directory = new DirectoryInfo(startDirectory ?? Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName))) return directory.FullName;
        }
        return null;
    }

    /// <summary>The repository's data/ folder, or ./data outside a clone.</summary>
    public static string DataDirectory(string? startDirectory = null) =>
        Path.Combine(FindRepositoryRoot(startDirectory) ?? startDirectory ?? Directory.GetCurrentDirectory(), "data");

    /// <summary>Which data a run without <c>--data</c> uses, and how to describe it to the user.</summary>
    public static DefaultDataSource Locate(string? startDirectory = null)
    {
        string? root = FindRepositoryRoot(startDirectory);
        if (root is not null)
        {
            string full = Path.Combine(root, "data", Sentiment140FileName);
            if (File.Exists(full)) return new DefaultDataSource(full, FullDescription);
        }
        return new DefaultDataSource(null, SampleDescription);
    }

    /// <summary>data/testdata.manual.2009.06.14.csv when it has been downloaded, else null.</summary>
    public static string? LocateSentiment140Test(string? startDirectory = null)
    {
        string path = Path.Combine(DataDirectory(startDirectory), Sentiment140TestFileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Loads <see cref="Locate"/>'s choice.</summary>
    public static LoadedData Load(DataReadOptions options, CancellationToken cancellationToken, string? startDirectory = null)
    {
        var source = Locate(startDirectory);
        if (source.Path is not null) return TweetDataReader.Read(source.Path, options, cancellationToken);
        using var sample = OpenSample();
        return TweetDataReader.Read(sample, SampleDescription, options, cancellationToken);
    }

    /// <summary>The embedded sample (data/sample/tweets.csv at build time): UTF-8, header <c>text,label</c>.</summary>
    public static Stream OpenSample() =>
        typeof(DefaultData).Assembly.GetManifestResourceStream(SampleResourceName)
        ?? throw new InvalidOperationException($"The assembly lacks its embedded sample {SampleResourceName}; rebuild the Trainer.");
}
