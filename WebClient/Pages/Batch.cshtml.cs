using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Hosting;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>Many tweets at once: pasted lines or a CSV upload; a table, a summary, a chart and a CSV download.</summary>
public sealed class BatchModel(SentimentAnalyzer analyzer, BatchResultsStore results, IOptions<SiteOptions> site) : PageModel
{
    public const string DownloadFileName = "sentiment-results.csv";

    public const string SpreadsheetFileName = "sentiment-results-for-spreadsheets.csv";

    [BindProperty, Display(Name = "Tweets, one per line")]
    public string? Lines { get; set; }

    [BindProperty, Display(Name = "Or upload a CSV file")]
    public IFormFile? Upload { get; set; }

    /// <summary>The id under which <see cref="BatchResultsStore"/> keeps this batch's results for the download.</summary>
    [BindProperty]
    public string? ResultsId { get; set; }

    /// <summary>"spreadsheet" for the formula-escaped CSV with a BOM; anything else gives the plain CSV.</summary>
    [BindProperty]
    public string? Format { get; set; }

    public SiteOptions Limits => site.Value;

    public string? InputError { get; private set; }

    public ModelProblem? Problem { get; private set; }

    public IReadOnlyList<BatchRow>? Rows { get; private set; }

    public BatchSummary? Summary { get; private set; }

    public TimeSpan Latency { get; private set; }

    public long? ModelVersion { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var input = await ReadInputAsync(cancellationToken);
        if (!input.IsValid)
        {
            InputError = input.Error;
            return Page();
        }

        var outcome = await analyzer.AnalyzeAsync(input.Texts, cancellationToken);
        Problem = outcome.Problem;
        if (outcome.Problem is null)
        {
            Latency = outcome.Latency;
            ModelVersion = outcome.ModelVersion;
            Rows = input.Texts
                .Zip(outcome.Predictions, (text, prediction) => (text, prediction))
                .Select((pair, i) => new BatchRow(i + 1, pair.text, pair.prediction.Probability, pair.prediction.Label))
                .ToList();
            Summary = BatchSummary.From(Rows);
            ResultsId = results.Save(Rows);
        }

        return Page();
    }

    public IActionResult OnPostDownload()
    {
        if (results.Find(ResultsId) is not { } rows)
        {
            InputError = $"Those results are no longer kept (results are kept for {BatchResultsStore.Lifetime.TotalMinutes:0} minutes). " +
                "Analyze the tweets again to download them.";
            return Page();
        }

        var spreadsheetSafe = string.Equals(Format, "spreadsheet", StringComparison.Ordinal);
        var csv = Analysis.ResultsCsv.Write(rows, spreadsheetSafe);
        var bytes = spreadsheetSafe ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)] : Encoding.UTF8.GetBytes(csv);
        return File(bytes, "text/csv; charset=utf-8", spreadsheetSafe ? SpreadsheetFileName : DownloadFileName);
    }

    private async Task<BatchInput> ReadInputAsync(CancellationToken cancellationToken)
    {
        if (Upload is not { Length: > 0 } upload)
        {
            return BatchInputReader.FromLines(Lines, Limits);
        }

        if (upload.Length > Limits.MaxUploadBytes)
        {
            return BatchInput.Rejected($"The file has {upload.Length / 1024.0:0} KB; the limit is {Limits.MaxUploadBytes / 1024} KB.");
        }

        // Buffer the (small, size-checked) upload so CSV parsing is synchronous and cannot block on the network.
        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return BatchInputReader.FromCsv(buffer, Limits);
    }
}
