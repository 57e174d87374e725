using System.Text;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.Trainer.Text;

/// <summary>
/// Token ↔ id mapping. Id 0 is padding, id 1 is out-of-vocabulary, real tokens start at 2 in order of
/// descending training-split frequency (ties broken by ordinal order, so the result is deterministic).
/// A contraction typed with the typographic apostrophe ("don’t") has the id of its apostrophe-free token (dont) when
/// the vocabulary holds that token and not the spelling itself (<see cref="TokenizerSpec.Contractions"/>).
/// </summary>
public sealed class Vocabulary
{
    public const int PaddingId = ServingContract.PaddingId;
    public const int OutOfVocabularyId = ServingContract.UnknownTokenId;
    public const string PaddingToken = "[PAD]";
    public const string OutOfVocabularyToken = "[UNK]";

    private readonly Dictionary<string, int> _ids;

    private Vocabulary(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int id = 2; id < tokens.Count; id++)
        {
            if (!_ids.TryAdd(tokens[id], id))
                throw new InvalidDataException($"The vocabulary lists the token \"{tokens[id]}\" twice (ids {_ids[tokens[id]]} and {id}).");
        }

        var aliases = new List<KeyValuePair<string, int>>();
        foreach (string contraction in TokenizerSpec.Contractions)
        {
            string spelling = contraction.Replace('|', TokenizerSpec.TypographicApostrophe);
            if (_ids.TryGetValue(contraction.Replace("|", "", StringComparison.Ordinal), out int id) && _ids.TryAdd(spelling, id))
                aliases.Add(new(spelling, id));
        }
        Aliases = aliases;
    }

    /// <summary>The extra spellings the lookup knows (typographic contractions) and the ids they share.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Aliases { get; }

    /// <summary>All tokens by id, including the two special ones.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public int Count => Tokens.Count;

    /// <summary>Builds a vocabulary of at most <paramref name="maxTokens"/> entries (specials included).</summary>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> tokenizedTexts, int maxTokens, int minCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tokens in tokenizedTexts)
        {
            foreach (string token in tokens)
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }

        var kept = counts
            .Where(pair => pair.Value >= minCount)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(maxTokens - 2)
            .Select(pair => pair.Key);
        return new Vocabulary([PaddingToken, OutOfVocabularyToken, .. kept]);
    }

    /// <summary>A vocabulary of exactly these tokens by id; the first two must be the special ones.</summary>
    public static Vocabulary FromTokens(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count < 2 || tokens[0] != PaddingToken || tokens[1] != OutOfVocabularyToken)
            throw new ArgumentException($"A vocabulary starts with {PaddingToken} and {OutOfVocabularyToken}.", nameof(tokens));
        return new Vocabulary(tokens);
    }

    public int IdOf(string token) => _ids.GetValueOrDefault(token, OutOfVocabularyId);

    /// <summary>
    /// Ids of <paramref name="tokens"/>, truncated to <paramref name="sequenceLength"/> (the first tokens are kept)
    /// and padded with <see cref="PaddingId"/> at the end.
    /// </summary>
    public long[] Encode(IReadOnlyList<string> tokens, int sequenceLength)
    {
        long[] ids = new long[sequenceLength];
        EncodeInto(tokens, ids);
        return ids;
    }

    public void EncodeInto(IReadOnlyList<string> tokens, Span<long> destination)
    {
        destination.Clear();
        int n = Math.Min(tokens.Count, destination.Length);
        for (int i = 0; i < n; i++)
        {
            destination[i] = IdOf(tokens[i]);
        }
    }

    /// <summary>Writes one token per line; the line number (from 0) is the id.</summary>
    public void Save(string path)
    {
        var text = new StringBuilder();
        foreach (string token in Tokens) text.Append(token).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    public static Vocabulary Load(string path)
    {
        string[] lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        string[] tokens = lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
        if (tokens.Length < 2 || tokens[0] != PaddingToken || tokens[1] != OutOfVocabularyToken)
            throw new InvalidDataException($"{path} is not a vocabulary file: it must start with {PaddingToken} and {OutOfVocabularyToken}.");
        return new Vocabulary(tokens);
    }
}
