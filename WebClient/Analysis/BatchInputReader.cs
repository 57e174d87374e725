using System.Globalization;
using CsvHelper;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Turns pasted lines or an uploaded CSV file into the texts to analyse, enforcing the site's limits. A CSV is read
/// by the layout rule the trainer uses too (<see cref="CsvLayout"/>: Sentiment140's own six columns, or a header
/// naming the text column and perhaps a label column), then by the site's own fallbacks: a single column of tweets; a
/// header-less text + label pair; and otherwise the visitor is asked which column holds the tweets. Labels are read
/// by the one label rule (<see cref="SentimentLabel"/>). Every field and the line number of each row are kept, so the
/// results can be joined back to the input.
/// </summary>
public static class BatchInputReader
{
    public const string Sentiment140Note =
        "Sentiment140 format detected: no header and six columns (polarity, id, date, query, user, text). " +
        "The tweets are the sixth column and the polarity (0 = negative, 4 = positive, 2 = neutral) is used as the true label.";

    /// <summary>How many rows the column question shows as samples and scans for suggestions.</summary>
    private const int SampleRows = 20;

    /// <summary>One text per non-blank line, numbered by its line in the box.</summary>
    public static BatchInput FromLines(string? pasted, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var items = (pasted ?? "")
            .Split('\n')
            .Select((line, index) => (Text: line.TrimEnd('\r').Trim(), Line: index + 1))
            .Where(line => line.Text.Length > 0)
            .Select(line => new BatchItem(line.Line, line.Text, [line.Text]))
            .ToList();
        if (items.Count == 0)
        {
            return BatchInput.Rejected("Paste at least one tweet, one per line, or choose a CSV file.");
        }

        if (items.Count > limits.MaxBatchLines)
        {
            return BatchInput.Rejected($"You pasted {items.Count} lines; the limit is {limits.MaxBatchLines}. Upload a CSV file for more.");
        }

        return CheckLengths(new BatchInput(items, ["text"], null, [], null), limits);
    }

    /// <summary>Reads decoded CSV text; <paramref name="choice"/> is the visitor's answer when the layout had to be asked.</summary>
    public static BatchInput FromCsvText(string csv, InputLimits limits, ColumnChoice? choice = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(limits);
        List<SourceRecord> records;
        char separator;
        try
        {
            (records, separator) = Parse(csv, limits);
        }
        catch (CsvFormatException ex)
        {
            return BatchInput.Rejected($"The file is not valid CSV: {ex.Message}");
        }

        if (records.Count == 0)
        {
            return BatchInput.Rejected("The file has no rows: it is empty or holds only blank lines. Upload a CSV with one tweet per row.");
        }

        int width = records.Max(r => r.Fields.Length);
        var notes = new List<string>();
        Layout layout;
        if (choice is not null)
        {
            if (choice.TextColumn < 0 || choice.TextColumn >= width || choice.LabelColumn >= width || choice.LabelColumn == choice.TextColumn)
            {
                return BatchInput.Rejected("Choose one of the file's columns for the tweets, and a different one (or none) for the labels.");
            }

            layout = new Layout(choice.HeaderRow, choice.TextColumn, choice.LabelColumn is >= 0 ? choice.LabelColumn : null);
        }
        else if (Detect(records, width) is { } detected)
        {
            layout = detected;
        }
        else
        {
            return BatchInput.Ask(Question(records, width), []);
        }

        var columns = layout.IsSentiment140 && width == CsvLayout.Sentiment140Columns.Count
            ? CsvLayout.Sentiment140Columns
            : ColumnNames(layout.HeaderRow ? records[0].Fields : [], width);
        if (layout.IsSentiment140)
        {
            notes.Add(Sentiment140Note);
        }
        else if (layout.LabelColumn is { } label)
        {
            notes.Add($"The column “{columns[label]}” is read as the true label ({SentimentLabel.Accepted}), so the model is evaluated against it.");
        }

        var items = new List<BatchItem>();
        var withoutText = new List<int>();
        foreach (var record in layout.HeaderRow ? records.Skip(1) : records)
        {
            string[] fields = Enumerable.Range(0, width).Select(i => i < record.Fields.Length ? record.Fields[i] : "").ToArray();
            string text = fields[layout.TextColumn].Trim();
            if (text.Length == 0)
            {
                withoutText.Add(record.Line);
                continue;
            }

            if (items.Count == limits.MaxUploadRows)
            {
                return BatchInput.Rejected($"The file has more than {limits.MaxUploadRows} rows; the limit is {limits.MaxUploadRows}. Split it into smaller files.");
            }

            items.Add(new BatchItem(record.Line, text, fields, layout.LabelColumn is { } l ? Label(fields[l]) : null));
        }

        if (items.Count == 0)
        {
            return BatchInput.Rejected($"The file has no text to analyse in the column “{columns[layout.TextColumn]}”.");
        }

        if (layout.LabelColumn is { } labelColumn && items.Where(i => i.Label is null).ToList() is { Count: > 0 } unknown)
        {
            string examples = string.Join(", ", unknown.Select(i => i.Fields[labelColumn].Trim()).Distinct().Take(3).Select(v => $"“{v}”"));
            notes.Add($"{Lines([.. unknown.Select(i => i.Line)])} {(unknown.Count == 1 ? "has a label" : "have labels")} that {(unknown.Count == 1 ? "is" : "are")} " +
                $"not {SentimentLabel.Accepted} ({examples}); {(unknown.Count == 1 ? "it is" : "they are")} scored but left out of the evaluation.");
        }

        if (items.Where(i => i.Label == Sentiment.Neutral).ToList() is { Count: > 0 } neutral)
        {
            notes.Add($"{Lines([.. neutral.Select(i => i.Line)])} {(neutral.Count == 1 ? "is" : "are")} neutral (label 2): scored, but left out of the evaluation, " +
                "since the model has no neutral class.");
        }

        if (withoutText.Count > 0)
        {
            notes.Add($"{Lines(withoutText)} {(withoutText.Count == 1 ? "has" : "have")} no text in “{columns[layout.TextColumn]}” and {(withoutText.Count == 1 ? "was" : "were")} left out.");
        }

        return CheckLengths(new BatchInput(items, columns, layout.LabelColumn is { } lc ? columns[lc] : null, notes, null) { Separator = separator }, limits);
    }

    /// <summary>The label a field gives by the one label rule, or null when it gives none.</summary>
    private static Sentiment? Label(string value) => SentimentLabel.TryParse(value, out var sentiment) ? sentiment : null;

    /// <summary>"Line 4", "Lines 4, 9 and 12", "Lines 4, 9, 12, 15, 20 and 7 more".</summary>
    public static string Lines(IReadOnlyList<int> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        const int shown = 10;
        if (lines.Count == 1)
        {
            return $"Line {lines[0]}";
        }

        var listed = lines.Take(Math.Min(shown, lines.Count)).Select(l => l.ToString(CultureInfo.InvariantCulture)).ToList();
        return lines.Count > shown
            ? $"Lines {string.Join(", ", listed)} and {lines.Count - shown} more"
            : $"Lines {string.Join(", ", listed[..^1])} and {listed[^1]}";
    }

    /// <summary>The shared layout rule first, then the site's fallbacks, which need every row (a site upload is small).</summary>
    private static Layout? Detect(List<SourceRecord> records, int width)
    {
        if (CsvLayout.Detect(records[0].Fields) is { } shared)
        {
            return new Layout(shared.HasHeader, shared.TextColumn, shared.LabelColumn, shared.Kind == CsvLayoutKind.Sentiment140);
        }

        if (width == 1)
        {
            return new Layout(false, 0, null);
        }

        // Header-less text,label (or label,text): one column of labels only, the other the tweets.
        if (width == 2)
        {
            var labelled = Enumerable.Range(0, 2).Where(c => records.All(r => c < r.Fields.Length && Label(r.Fields[c]) is not null)).ToList();
            if (labelled.Count == 1)
            {
                return new Layout(false, 1 - labelled[0], labelled[0]);
            }
        }

        return null;
    }

    private static ColumnQuestion Question(List<SourceRecord> records, int width)
    {
        string[] first = records[0].Fields;
        var sample = records.Skip(1).Take(SampleRows).ToList();
        if (sample.Count == 0)
        {
            sample = [records[0]];
        }

        string Field(SourceRecord r, int c) => c < r.Fields.Length ? r.Fields[c] : "";
        int suggestedText = Enumerable.Range(0, width).MaxBy(c => sample.Average(r => Field(r, c).Length));
        bool headerRow = records.Count > 1 && first.All(cell => cell.Trim().Length is > 0 and <= 40 && !double.TryParse(cell, CultureInfo.InvariantCulture, out _));
        int? suggestedLabel = HeaderIndex(first, CsvLayout.LabelHeaders)
            ?? Enumerable.Range(0, width).Where(c => c != suggestedText && sample.All(r => Label(Field(r, c)) is not null)).Cast<int?>().FirstOrDefault();
        var options = Enumerable.Range(0, width)
            .Select(c => new ColumnOption(c, $"Column {c + 1}" + (headerRow && Field(records[0], c).Trim() is { Length: > 0 } name ? $" “{name}”" : ""), Clip(Field(sample[0], c))))
            .ToList();
        return new ColumnQuestion(options, suggestedText, headerRow, suggestedLabel);
    }

    private static string Clip(string value) => value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 60), "…");

    private static int? HeaderIndex(string[] cells, IReadOnlyList<string> names) =>
        Array.FindIndex(cells, cell => names.Contains(cell.Trim().ToLowerInvariant())) is var i and >= 0 ? i : null;

    private static List<string> ColumnNames(string[] header, int width)
    {
        var names = new List<string>(width);
        for (int i = 0; i < width; i++)
        {
            string name = i < header.Length ? header[i].Trim() : "";
            names.Add(name.Length > 0 && !names.Contains(name) ? name : $"column{i + 1}");
        }

        return names;
    }

    /// <summary>
    /// Every record with its spreadsheet row number, and the separator the file uses (CsvHelper detects , ; tab or |);
    /// blank lines count as rows (as a spreadsheet shows them) but are dropped.
    /// </summary>
    private static (List<SourceRecord> Records, char Separator) Parse(string csv, InputLimits limits)
    {
        var records = new List<SourceRecord>();
        using var reader = CsvReader.Create(new StringReader(csv), new CsvReaderOptions { HasHeader = false, SkipEmptyLines = false });
        int row = 0;
        while (reader.Read())
        {
            row++;
            string[] fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i);
            }

            if (fields.All(f => f.Trim().Length == 0))
            {
                continue;
            }

            // Header plus the row limit plus one, so "more than the limit" can be told; parsing stops there.
            if (records.Count > limits.MaxUploadRows + 1)
            {
                break;
            }

            records.Add(new SourceRecord(row, fields));
        }

        return (records, reader.Separator);
    }

    /// <summary>
    /// A text longer than the limit is kept on its row, marked not scored, and the others are scored; only when no text
    /// fits is the input refused.
    /// </summary>
    private static BatchInput CheckLengths(BatchInput input, InputLimits limits)
    {
        var tooLong = input.Items.Where(i => !limits.Fits(i.Text)).ToList();
        if (tooLong.Count == 0)
        {
            return input;
        }

        if (tooLong.Count == input.Items.Count)
        {
            string listed = string.Join(", ", tooLong.Take(5).Select(i => $"line {i.Line} has {i.Text.Length}"));
            string more = tooLong.Count > 5 ? $" and {tooLong.Count - 5} more" : "";
            return BatchInput.Rejected($"Each text may have at most {limits.MaxTextLength} characters: {listed}{more}.");
        }

        var items = input.Items.Select(i => limits.Fits(i.Text) ? i : i with { Skipped = $"Not scored: {i.Text.Length} characters, over the limit of {limits.MaxTextLength}." }).ToList();
        string note = $"{Lines([.. tooLong.Select(i => i.Line)])} {(tooLong.Count == 1 ? "is" : "are")} longer than {limits.MaxTextLength} characters: " +
            $"listed but not scored; the other {items.Count - tooLong.Count} {(items.Count - tooLong.Count == 1 ? "is" : "are")}.";
        return input with { Items = items, Notes = [.. input.Notes, note] };
    }

    private sealed record SourceRecord(int Line, string[] Fields);

    /// <summary>Which column is the text, which (if any) the label, whether row 1 is a header, whether it is Sentiment140's file.</summary>
    private sealed record Layout(bool HeaderRow, int TextColumn, int? LabelColumn, bool IsSentiment140 = false);
}
