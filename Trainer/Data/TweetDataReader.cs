using System.Text;
using CsvHelper;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Reads labelled tweets from Sentiment140's original file or from any UTF-8 CSV whose header names a text and a label
/// column, recognising which from the first line with the layout rule the site uses too (<see cref="CsvLayout"/>), and
/// reading labels by the one label rule (<see cref="SentimentLabel"/>; neutral rows are counted and skipped). The input is streamed once: CsvHelper parses it while a wrapper hashes it, so
/// 1.6M rows never sit in memory as raw bytes and as strings at the same time.
/// </summary>
public static class TweetDataReader
{
    private const int DetectionBytes = 64 * 1024;

    public static LoadedData Read(string path, DataReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new DataException($"{path} is a folder; --data needs a CSV file.");
        if (!File.Exists(path))
            throw new DataException($"Data file not found: {path}. Check the path, or run `dotnet run --project Trainer -- download` to fetch Sentiment140.");

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"Cannot open {path}: {exception.Message}", exception);
        }

        using (stream)
        {
            return Read(stream, path, options, cancellationToken);
        }
    }

    public static LoadedData Read(Stream stream, string source, DataReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        using var hashing = new HashingReadStream(stream, options.BytesRead, leaveOpen: true);
        try
        {
            var layout = DetectLayout(hashing.Peek(DetectionBytes), source);
            return ReadRows(hashing, layout, source, options, cancellationToken);
        }
        catch (CsvFormatException exception)
        {
            string where = exception.LineNumber > 0 ? $", line {exception.LineNumber}" : "";
            throw new DataException($"{source}{where}: the CSV cannot be read ({exception.Message}).", exception);
        }
        catch (IOException exception)
        {
            throw new DataException($"Reading {source} failed: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The layout the first non-blank line shows (<see cref="CsvLayout.Detect"/>: Sentiment140's six columns, or a header
    /// naming a text column), after refusing what is not a CSV at all. The trainer needs labels, so a header must name a
    /// label column too.
    /// </summary>
    internal static CsvLayout DetectLayout(ReadOnlySpan<byte> head, string source)
    {
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new DataException($"{source} is UTF-16 text; save it as UTF-8 (or Sentiment140's original Latin-1) CSV.");

        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            throw new DataException($"{source} is a compressed archive, not a CSV. Unpack it first (the download command does that for Sentiment140).");

        // The first non-blank line decides (the parser skips blank lines too).
        head = head.TrimStart(" \t\r\n"u8);
        if (head.IsEmpty) throw new DataException($"{source} is empty: it holds no rows.");
        int end = head.IndexOf((byte)'\n');
        string firstLine = Encoding.Latin1.GetString(end < 0 ? head : head[..end]).TrimEnd('\r');

        string shown = firstLine.Length > 80 ? firstLine[..80] + "…" : firstLine;
        var layout = CsvLayout.Detect(FirstRecord(firstLine))
            ?? throw new DataException($"{source} is not a format the trainer knows. Use {CsvLayout.Expected}. Its first line is: {shown}");
        if (layout.LabelColumn is null)
        {
            throw new DataException(
                $"{source} names no label column, and the trainer needs labels: add one headed label, sentiment, polarity, target or class " +
                $"({SentimentLabel.Accepted}). Its first line is: {shown}");
        }

        return layout;
    }

    /// <summary>The fields of one line as the CSV parser reads them (quotes removed, commas inside quotes kept).</summary>
    private static string[] FirstRecord(string line)
    {
        using var csv = CsvReader.Create(new StringReader(line), new CsvReaderOptions { HasHeader = false, Separator = ',', DetectSeparatorHint = false, MalformedData = CsvMalformedDataHandling.Recover });
        if (!csv.Read()) return [];
        return [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)];
    }

    /// <summary>What the UTF-8 decoder reads a byte sequence as when no UTF-8 text contains it.</summary>
    private const char NotUtf8 = '\uFFFD';

    private static LoadedData ReadRows(HashingReadStream input, CsvLayout layout, string source, DataReadOptions options, CancellationToken cancellationToken)
    {
        var format = layout.Kind == CsvLayoutKind.Sentiment140 ? DataFormat.Sentiment140 : DataFormat.TextLabelCsv;
        var malformed = new List<MalformedRow>();
        long skippedByParser = 0;
        var csvOptions = new CsvReaderOptions
        {
            HasHeader = layout.HasHeader,
            Separator = ',',
            DetectSeparatorHint = false,
            // Sentiment140 is Latin-1; a text,label CSV is UTF-8 (null = UTF-8 with its byte order mark honoured).
            Encoding = format == DataFormat.Sentiment140 ? Encoding.Latin1 : null,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            // Sentiment140 has one tweet per line: a stray quote must not swallow the lines after it.
            AllowLineBreaksInQuotes = layout.HasHeader,
            OnMalformedRecord = record =>
            {
                if (!record.Skipped) return;
                skippedByParser++;
                malformed.Add(new MalformedRow(record.LineNumber, DescribeQuoting(record.Reason)));
            },
        };

        using var csv = CsvReader.Create(input, csvOptions, leaveOpen: true);
        int expectedColumns = CsvLayout.Sentiment140Columns.Count, textColumn = layout.TextColumn, labelColumn = layout.LabelColumn ?? 0;
        if (layout.HasHeader)
        {
            csv.ReadHeader();
            expectedColumns = csv.Headers.Count;
        }

        var tweets = new List<LabeledTweet>();
        long rowsReturned = 0;
        int neutral = 0;
        while (csv.Read())
        {
            rowsReturned++;
            if ((rowsReturned & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            ThrowIfStrictAndMalformed(options, malformed, source);

            if (csv.FieldCount != expectedColumns)
            {
                malformed.Add(new MalformedRow(csv.LineNumber, $"expected {expectedColumns} columns, found {csv.FieldCount}"));
                continue;
            }

            string rawLabel = csv.GetString(labelColumn).Trim();
            if (!SentimentLabel.TryParse(rawLabel, out var sentiment))
            {
                string shown = rawLabel.Length > 20 ? rawLabel[..20] + "…" : rawLabel;
                malformed.Add(new MalformedRow(csv.LineNumber, $"label '{shown}' is not {SentimentLabel.Accepted}"));
                continue;
            }
            if (sentiment == Sentiment.Neutral)
            {
                neutral++;
                continue;
            }

            string text = csv.GetString(textColumn);
            if (string.IsNullOrWhiteSpace(text))
            {
                malformed.Add(new MalformedRow(csv.LineNumber, "the text is empty"));
                continue;
            }
            // UTF-8 decoding puts U+FFFD where bytes are not UTF-8: report the row rather than train on a mangled text.
            if (format == DataFormat.TextLabelCsv && text.Contains(NotUtf8))
            {
                malformed.Add(new MalformedRow(csv.LineNumber, "the text is not UTF-8 (save the file as UTF-8)"));
                continue;
            }
            tweets.Add(new LabeledTweet(text, sentiment == Sentiment.Positive ? LabeledTweet.Positive : LabeledTweet.Negative));
        }
        ThrowIfStrictAndMalformed(options, malformed, source);
        cancellationToken.ThrowIfCancellationRequested();

        string sha256 = input.FinishHash();
        long rowsRead = rowsReturned + skippedByParser;
        if (tweets.Count == 0)
        {
            string firstProblem = malformed.Count > 0 ? $" First problem: line {malformed[0].LineNumber}: {malformed[0].Reason}." : "";
            throw new DataException(
                $"{source} has no usable rows ({rowsRead} read, {neutral} neutral, {malformed.Count} malformed).{firstProblem}");
        }
        return new LoadedData(tweets, format, rowsRead, neutral, malformed, sha256, source);
    }

    private static void ThrowIfStrictAndMalformed(DataReadOptions options, List<MalformedRow> malformed, string source)
    {
        if (!options.Strict || malformed.Count == 0) return;
        var first = malformed[0];
        throw new DataException($"{source}, line {first.LineNumber}: {first.Reason}. Fix the row, or leave out --strict to skip malformed rows.");
    }

    private static string DescribeQuoting(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "broken quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "broken quoting: text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "broken quoting: a quoted field is never closed",
        CsvMalformedReason.LineBreakInQuotes => "broken quoting: a quoted field runs past the end of the line",
        CsvMalformedReason.FieldCountMismatch => "wrong number of columns",
        _ => $"malformed CSV ({reason})",
    };
}
