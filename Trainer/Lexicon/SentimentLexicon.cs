using System.Globalization;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>
/// Human-rated word valences in VADER's lexicon format (<c>token TAB mean TAB sd TAB ratings</c>, means from −4 to 4),
/// keyed by the token our tokenizer makes of each entry and scaled to −1…1. Entries that become one shared token
/// (":)", ":-)" and "=)" are all xxsmile) give it their average; entries that are not one token are left out.
/// </summary>
public sealed class SentimentLexicon
{
    private const double MaxRating = 4.0;
    private readonly Dictionary<string, float> valences;

    private SentimentLexicon(string source, Dictionary<string, float> valences, int entries)
    {
        Source = source;
        this.valences = valences;
        Entries = entries;
    }

    /// <summary>Where it was read from.</summary>
    public string Source { get; }

    /// <summary>Entries read from the file.</summary>
    public int Entries { get; }

    /// <summary>Tokens with a valence.</summary>
    public int Count => valences.Count;

    /// <summary>The rated tokens, in the file's order.</summary>
    public IEnumerable<string> Tokens => valences.Keys;

    /// <summary>−1 (most negative) … 1 (most positive); 0 for a token the lexicon does not rate.</summary>
    public float ValenceOf(string token) => valences.GetValueOrDefault(token);

    public bool Contains(string token) => valences.ContainsKey(token);

    /// <exception cref="DataException">The file is missing, or a line is not <c>token TAB number …</c>.</exception>
    public static SentimentLexicon Read(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new DataException($"The lexicon file {path} does not exist.");
        using var reader = new StreamReader(path);
        return Read(reader, path, cancellationToken);
    }

    /// <exception cref="DataException">A line is not <c>token TAB number …</c>, or there are no entries.</exception>
    public static SentimentLexicon Read(TextReader reader, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var tokenizer = TweetTokenizer.Default;
        int lineNumber = 0, entries = 0;
        while (reader.ReadLine() is { } line)
        {
            if (++lineNumber % 1024 == 0) cancellationToken.ThrowIfCancellationRequested();
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length < 2 || fields[0].Length == 0
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double mean) || !double.IsFinite(mean))
            {
                throw new DataException($"{source}, line {lineNumber}: expected a token, a tab and its mean rating (VADER's lexicon format).");
            }

            entries++;
            var tokens = tokenizer.Tokenize(fields[0]);
            if (tokens.Count != 1) continue;
            var (sum, count) = sums.GetValueOrDefault(tokens[0]);
            sums[tokens[0]] = (sum + mean, count + 1);
        }
        if (entries == 0) throw new DataException($"{source} holds no lexicon entries.");
        var valences = sums.ToDictionary(
            pair => pair.Key,
            pair => (float)Math.Clamp(pair.Value.Sum / pair.Value.Count / MaxRating, -1, 1),
            StringComparer.Ordinal);
        return new SentimentLexicon(source, valences, entries);
    }
}
