using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the served model itself says about each text, from its <c>tokenize</c> signature: how many of the
/// tokens it read it knew, and whether the text was cut at its sequence length. A row that fills every
/// position may or may not have been cut, so those rows are tokenized again in pieces (a few words each, one
/// request for all of them); the exact count is claimed only when the pieces' ids, put together, reproduce
/// the ids of the whole text. The signature is a bonus: an export without it, or a failure, gives no facts.
/// </summary>
public sealed class TokenInspector(TfServingClient client)
{
    /// <summary>The model's tokenizer splits on these only (after turning the other whitespace into spaces).</summary>
    private static readonly char[] Separators = [' ', '\t', '\n', '\r', '\f', '\v'];

    public async Task<IReadOnlyList<TokenFacts?>> InspectAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        IReadOnlyList<long[]> ids;
        try
        {
            ids = IdsOf(await client.TokenizeAsync(texts, cancellationToken));
        }
        catch (TfServingException)
        {
            return new TokenFacts?[texts.Count];
        }

        var facts = ids.Select(TokenFacts.From).ToArray();
        var filled = Enumerable.Range(0, texts.Count).Where(i => facts[i] is { FilledEveryPosition: true }).ToList();
        if (filled.Count > 0)
        {
            await CountFilledRowsAsync(texts, ids, facts, filled, cancellationToken);
        }

        return facts;
    }

    private async Task CountFilledRowsAsync(IReadOnlyList<string> texts, IReadOnlyList<long[]> ids, TokenFacts?[] facts, List<int> filled, CancellationToken cancellationToken)
    {
        var pieces = new List<string>();
        var owners = new List<(int Row, int Start, int Count)>();
        foreach (int row in filled)
        {
            // A quarter of the sequence length in words: a piece fills every position only if its words split a lot.
            int wordsPerPiece = Math.Max(1, ids[row].Length / 4);
            int start = pieces.Count;
            pieces.AddRange(texts[row].Split(Separators, StringSplitOptions.RemoveEmptyEntries).Chunk(wordsPerPiece).Select(words => string.Join(' ', words)));
            owners.Add((row, start, pieces.Count - start));
        }

        IReadOnlyList<long[]> pieceIds;
        try
        {
            pieceIds = IdsOf(await client.TokenizeAsync(pieces, cancellationToken));
        }
        catch (TfServingException)
        {
            return;
        }

        foreach (var (row, start, count) in owners)
        {
            var parts = pieceIds.Skip(start).Take(count).ToList();
            if (parts.Any(part => part.Length == 0 || part[^1] != 0))
            {
                continue; // a piece filled every position itself: its own count is unknown
            }

            var joined = parts.SelectMany(part => part.Where(id => id != 0)).ToList();
            if (joined.Count >= ids[row].Length && joined.Take(ids[row].Length).SequenceEqual(ids[row]))
            {
                facts[row] = facts[row]! with { TotalTokens = joined.Count };
            }
        }
    }

    private static long[][] IdsOf(IReadOnlyList<TokenizedText> tokenized) => [.. tokenized.Select(text => text.TokenIds.ToArray())];
}
