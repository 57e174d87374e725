using System.Globalization;
using CsvHelper;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>The batch results as CSV (text, probability, label), safe to open in a spreadsheet.</summary>
public static class ResultsCsv
{
    public static string Write(IEnumerable<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // A tweet starting with = + - @ would run as a formula in a spreadsheet; escape it.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
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
