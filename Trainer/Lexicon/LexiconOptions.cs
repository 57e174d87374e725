using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>
/// The sentiment lexicon a run adds to its model, resolved once from the command line (<see cref="Resolve"/>): the
/// file, read and checked, and the weight of its verdict in the logit. A run without a lexicon has none of these
/// (<c>LexiconOptions?</c> is null): that is the only way "no lexicon" is said.
/// </summary>
/// <param name="Lexicon">The lexicon as read from its file.</param>
/// <param name="Weight">Weight of the lexicon's score in the logit; above 0.</param>
public sealed record LexiconOptions(SentimentLexicon Lexicon, double Weight)
{
    /// <summary>The lexicon file.</summary>
    public string Path => Lexicon.Source;

    /// <summary>The file's name, for the console.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// What <c>--lexicon</c> and <c>--lexicon-weight</c> ask for: nothing for weight 0 or "none"; without a value the
    /// downloaded VADER lexicon when it is there (else nothing); "vader" the downloaded file; else the file named.
    /// </summary>
    /// <exception cref="DataException">"vader" before it was downloaded, a path that does not exist, or a file that
    /// is not a lexicon; the message names the file and, for a bad line, the line.</exception>
    public static LexiconOptions? Resolve(string? value, double weight, string? startDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        if (weight == 0) return null;
        string? path = LexiconCatalog.Resolve(value, startDirectory);
        return path is null ? null : new LexiconOptions(SentimentLexicon.Read(path, cancellationToken), weight);
    }
}
