namespace TwitterSentiment.Contracts;

/// <summary>
/// Where a CSV's tweets and labels are, as recognised from its first record: Sentiment140's own file (six columns,
/// no header: polarity 0/2/4, a numeric id, date, query, user, text), or a header naming the text column (and, if
/// the file has one, the label column) with the same synonyms everywhere. The trainer reads every layout found here
/// that has a label column; the site builds its own fallbacks (one column, a header-less text,label pair, asking the
/// visitor) on top of it, so a file the site reads by itself with labels is one the trainer reads too.
/// </summary>
public sealed record CsvLayout(CsvLayoutKind Kind, int TextColumn, int? LabelColumn)
{
    /// <summary>Sentiment140's columns, for showing its rows.</summary>
    public static IReadOnlyList<string> Sentiment140Columns { get; } = ["polarity", "id", "date", "query", "user", "text"];

    /// <summary>Header names of the text column, exactly (any case, trimmed), in no order: the leftmost matching column wins.</summary>
    public static IReadOnlyList<string> TextHeaders { get; } = ["text", "tweet", "tweet_text", "content", "message"];

    /// <summary>Header names of the label column, exactly (any case, trimmed).</summary>
    public static IReadOnlyList<string> LabelHeaders { get; } = ["label", "sentiment", "polarity", "target", "class"];

    /// <summary>Words a longer header of the text column may contain ("tweet body", "full_text"), tried after the exact names.</summary>
    private static readonly string[] TextHeaderWords = ["text", "tweet"];

    /// <summary>Longer cells are data, not a header.</summary>
    private const int MaxHeaderLength = 40;

    public static CsvLayout Sentiment140 { get; } = new(CsvLayoutKind.Sentiment140, TextColumn: 5, LabelColumn: 0);

    /// <summary>Row 1 holds column names (every layout but Sentiment140's).</summary>
    public bool HasHeader => Kind == CsvLayoutKind.Header;

    /// <summary>What the trainer and the site say when a file is neither layout.</summary>
    public const string Expected =
        "Sentiment140's original file (6 columns, no header, polarity 0/2/4 first) or a CSV whose header names a text column " +
        "(text, tweet, tweet_text, content or message) and a label column (label, sentiment, polarity, target or class)";

    /// <summary>The layout the first record of a file shows, or null when it is neither Sentiment140 nor a header naming a text column.</summary>
    public static CsvLayout? Detect(IReadOnlyList<string> firstRecord)
    {
        ArgumentNullException.ThrowIfNull(firstRecord);
        if (IsSentiment140(firstRecord))
        {
            return Sentiment140;
        }

        int? text = HeaderIndex(firstRecord, cell => TextHeaders.Contains(cell))
            ?? TextHeaderWords.Select(word => HeaderIndex(firstRecord, cell => cell.Length <= MaxHeaderLength && cell.Contains(word, StringComparison.Ordinal)))
                .FirstOrDefault(index => index is not null);
        return text is { } textColumn
            ? new CsvLayout(CsvLayoutKind.Header, textColumn, HeaderIndex(firstRecord, LabelHeaders.Contains))
            : null;
    }

    /// <summary>Six fields, a polarity of 0, 2 or 4, then a numeric tweet id: Sentiment140's rows (a header never looks like that).</summary>
    public static bool IsSentiment140(IReadOnlyList<string> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Count == Sentiment140Columns.Count
            && record[0].Trim() is "0" or "2" or "4"
            && record[1].Trim() is { Length: > 0 } id && id.All(char.IsAsciiDigit);
    }

    private static int? HeaderIndex(IReadOnlyList<string> cells, Func<string, bool> matches)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (matches(cells[i].Trim().ToLowerInvariant()))
            {
                return i;
            }
        }

        return null;
    }
}
