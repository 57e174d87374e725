using CsvHelper;
using TwitterSentiment.WebClient.Hosting;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Turns pasted lines or an uploaded CSV file into the texts to analyse, enforcing the site's limits.</summary>
public static class BatchInputReader
{
    /// <summary>One text per non-blank line.</summary>
    public static BatchInput FromLines(string? pasted, SiteOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var texts = (pasted ?? "")
            .Split('\n')
            .Select(line => line.TrimEnd('\r').Trim())
            .Where(line => line.Length > 0)
            .ToList();
        if (texts.Count == 0)
        {
            return BatchInput.Rejected("Paste at least one tweet, one per line, or choose a CSV file.");
        }

        if (texts.Count > limits.MaxBatchLines)
        {
            return BatchInput.Rejected($"You pasted {texts.Count} lines; the limit is {limits.MaxBatchLines}. Upload a CSV file for more.");
        }

        return CheckLengths(texts, limits, "Line");
    }

    /// <summary>
    /// Reads a CSV file: the column headed "text" when the first row has one (so Sentiment140-style text,label
    /// files work), otherwise the first column of every row.
    /// </summary>
    public static BatchInput FromCsv(Stream csv, SiteOptions limits)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(limits);
        var texts = new List<string>();
        try
        {
            using var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = false }, leaveOpen: true);
            var column = 0;
            var first = true;
            while (reader.Read())
            {
                if (first)
                {
                    first = false;
                    var header = Enumerable.Range(0, reader.FieldCount)
                        .FirstOrDefault(i => string.Equals(reader.GetString(i).Trim(), "text", StringComparison.OrdinalIgnoreCase), -1);
                    if (header >= 0)
                    {
                        column = header;
                        continue;
                    }
                }

                var text = column < reader.FieldCount ? reader.GetString(column).Trim() : "";
                if (text.Length == 0)
                {
                    continue;
                }

                if (texts.Count == limits.MaxUploadRows)
                {
                    return BatchInput.Rejected($"The file has more than {limits.MaxUploadRows} rows; the limit is {limits.MaxUploadRows}.");
                }

                texts.Add(text);
            }
        }
        catch (CsvFormatException ex)
        {
            return BatchInput.Rejected($"The file is not valid CSV: {ex.Message}");
        }

        if (texts.Count == 0)
        {
            return BatchInput.Rejected("The file has no text to analyse.");
        }

        return CheckLengths(texts, limits, "Row");
    }

    private static BatchInput CheckLengths(List<string> texts, SiteOptions limits, string unit)
    {
        var tooLong = texts
            .Select((text, index) => (text.Length, Number: index + 1))
            .Where(t => t.Length > limits.MaxTextLength)
            .ToList();
        if (tooLong.Count == 0)
        {
            return new BatchInput(texts, null);
        }

        var listed = string.Join(", ", tooLong.Take(5).Select(t => $"{unit.ToLowerInvariant()} {t.Number} has {t.Length}"));
        var more = tooLong.Count > 5 ? $" and {tooLong.Count - 5} more" : "";
        return BatchInput.Rejected($"Each text may have at most {limits.MaxTextLength} characters: {listed}{more}.");
    }
}
