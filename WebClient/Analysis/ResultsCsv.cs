using System.Globalization;
using CsvHelper;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// The batch results as CSV (text, probability, label): plain by default, so pandas and R read the texts as
/// they were; or spreadsheet-safe on request (formula-like cells escaped with a leading ', UTF-8 BOM for Excel).
/// </summary>
public static class ResultsCsv
{
    public static string Write(IEnumerable<BatchRow> rows, bool spreadsheetSafe = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // In a spreadsheet a tweet starting with = + - @ would run as a formula; only that variant escapes it.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = spreadsheetSafe ? CsvInjection.Escape : CsvInjection.None }, leaveOpen: true))
        {
            csv.WriteField("text");
            csv.WriteField("probability");
            csv.WriteField("label");
            csv.EndRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.Text);
                csv.WriteField(row.Probability.ToString("0.######", CultureInfo.InvariantCulture));
                csv.WriteField(row.Label);
                csv.EndRecord();
            }
        }

        return text.ToString();
    }
}
