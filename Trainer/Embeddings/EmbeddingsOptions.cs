using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// The pretrained vectors a run starts its embedding from, resolved once from the command line (<see cref="Resolve"/>):
/// the file, read and checked, and whether the vectors are trained further. A run that learns every vector has none
/// (<c>EmbeddingsOptions?</c> is null).
/// </summary>
/// <param name="Vectors">The vectors as read from their file (its path is their <see cref="PretrainedEmbeddings.Source"/>).</param>
/// <param name="FineTune">Train the pretrained rows further instead of keeping them frozen.</param>
public sealed record EmbeddingsOptions(PretrainedEmbeddings Vectors, bool FineTune)
{
    /// <summary>The vectors' file.</summary>
    public string Path => Vectors.Source;

    /// <summary>The file's name, for the console.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Values per word: the model's embedding width.</summary>
    public int Dimension => Vectors.Dimension;

    /// <summary>
    /// What <c>--embeddings</c> asks for: nothing for "none" or no value, a set's cache by its name, or a file. The
    /// whole file is read here, so that every problem with it is found before any other work.
    /// </summary>
    /// <param name="embeddingDim">The width <c>--embedding-dim</c> asks for, if any: it must be the vectors' dimension.</param>
    /// <exception cref="DataException">The set is not downloaded, the file is missing or malformed, or its dimension
    /// contradicts <paramref name="embeddingDim"/>.</exception>
    /// <param name="read">Hears how much of the file has been read.</param>
    public static EmbeddingsOptions? Resolve(string? value, int? embeddingDim, bool fineTune, IProgress<DownloadProgress>? read = null,
        string? startDirectory = null, CancellationToken cancellationToken = default)
    {
        string? path = EmbeddingsCatalog.Resolve(value, startDirectory);
        if (path is null) return null;
        long total = new FileInfo(path).Length;
        var bytesRead = read is null ? null : new SynchronousProgress<long>(bytes => read.Report(new DownloadProgress(bytes, total)));
        var vectors = EmbeddingsFile.Read(path, bytesRead, cancellationToken);
        if (embeddingDim is { } chosen && chosen != vectors.Dimension)
            throw new DataException($"--embedding-dim {chosen} contradicts the {vectors.Dimension}-dimensional vectors in {path}: leave --embedding-dim out.");
        return new EmbeddingsOptions(vectors, fineTune);
    }
}
