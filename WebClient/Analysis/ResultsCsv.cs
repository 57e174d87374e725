using System.Globalization;
using CsvHelper;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// The batch results as CSV: the line each row came from (as a spreadsheet numbers it), every input column as
/// read, then probability and label (and correct, when the file had true labels). Plain by default, so pandas
/// and R read the texts as they were; or spreadsheet-safe on request (formula-like cells escaped with a leading ',
/// UTF-8 BOM for Excel). An added column whose name the input already uses gets a "model_" prefix. The plain CSV keeps the
/// upload's separator (a semicolon file comes back with semicolons). A row that was not scored (too long) keeps its line
/// with empty probability and label.
/// </summary>
public static class ResultsCsv
{
    public static string Write(BatchResults results, bool spreadsheetSafe = false)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Write(results.Columns, results.Rows, results.HasLabels, spreadsheetSafe, results.Separator);
    }

    /// <summary>Rows without input fields (pasted text) are written with a single "text" column.</summary>
    public static string Write(IReadOnlyList<BatchRow> rows, bool spreadsheetSafe = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Write(["text"], rows, hasLabels: false, spreadsheetSafe, ',');
    }

    private static string Write(IReadOnlyList<string> columns, IEnumerable<BatchRow> rows, bool hasLabels, bool spreadsheetSafe, char separator)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var taken = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        string Added(string name)
        {
            while (!taken.Add(name))
            {
                name = "model_" + name;
            }

            return name;
        }

        string[] added = hasLabels ? ["probability", "label", "correct"] : ["probability", "label"];
        var header = added.Select(Added).ToList();
        string lineColumn = Added("line");
        // In a spreadsheet a tweet starting with = + - @ would run as a formula; only that variant escapes it.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = spreadsheetSafe ? CsvInjection.Escape : CsvInjection.None, Separator = separator }, leaveOpen: true))
        {
            csv.WriteField(lineColumn);
            foreach (string? column in columns.Concat(header))
            {
                csv.WriteField(column);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.Line.ToString(CultureInfo.InvariantCulture));
                var fields = row.Fields ?? [row.Text];
                for (int i = 0; i < columns.Count; i++)
                {
                    csv.WriteField(i < fields.Count ? fields[i] : "");
                }

                csv.WriteField(row.Skipped is null ? row.Probability.ToString("0.######", CultureInfo.InvariantCulture) : "");
                csv.WriteField(row.Label);
                if (hasLabels)
                {
                    csv.WriteField(row.IsCorrect switch { true => "yes", false => "no", null => "" });
                }

                csv.EndRecord();
            }
        }

        return text.ToString();
    }
}
