using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// The pretrained vectors of a run's bag of vectors, resolved once from the command line (<see cref="Resolve"/>): the
/// file, read and checked, and how many of its most frequent words the bag knows besides the training tweets'. A run
/// without the branch has none (<c>BagOptions?</c> is null).
/// </summary>
/// <param name="Vectors">The vectors as read from their file (its path is their <see cref="PretrainedEmbeddings.Source"/>).</param>
/// <param name="ExtraWords">The file's most frequent words the bag knows besides the training tweets' (<see cref="BagVocabulary"/>).</param>
public sealed record BagOptions(PretrainedEmbeddings Vectors, int ExtraWords)
{
    /// <summary>The command-line option that chooses the vectors.</summary>
    public const string Option = "--bag-of-vectors";

    /// <summary>The vectors' file.</summary>
    public string Path => Vectors.Source;

    /// <summary>The file's name, for the console.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// What <c>--bag-of-vectors</c> asks for: "none" nothing; without a value the default set
    /// (<see cref="EmbeddingsCatalog.Default"/>) when it has been downloaded, else nothing (the run says how to get it);
    /// a set's cache by its name; or a file. The whole file is read here (or taken from <paramref name="loaded"/> when
    /// it is the same file, e.g. the LSTM's <c>--embeddings</c>), so every problem with it is found before other work.
    /// </summary>
    /// <exception cref="DataException">The set is not downloaded, or the file is missing or malformed.</exception>
    public static BagOptions? Resolve(string? value, int extraWords, PretrainedEmbeddings? loaded = null, IProgress<DownloadProgress>? read = null,
        string? startDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(extraWords);
        string? path = value is null ? EmbeddingsCatalog.LocateDownloaded(startDirectory) : EmbeddingsCatalog.Resolve(value, startDirectory, Option);
        if (path is null) return null;
        if (loaded is not null && System.IO.Path.GetFullPath(loaded.Source) == System.IO.Path.GetFullPath(path)) return new BagOptions(loaded, extraWords);
        long total = new FileInfo(path).Length;
        var bytesRead = read is null ? null : new SynchronousProgress<long>(bytes => read.Report(new DownloadProgress(bytes, total)));
        return new BagOptions(EmbeddingsFile.Read(path, bytesRead, cancellationToken), extraWords);
    }
}
