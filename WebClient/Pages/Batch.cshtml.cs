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
public sealed class BatchModel(SentimentAnalyzer analyzer, IOptions<SiteOptions> site) : PageModel
{
    public const string DownloadFileName = "sentiment-results.csv";

    [BindProperty, Display(Name = "Tweets, one per line")]
    public string? Lines { get; set; }

    [BindProperty, Display(Name = "Or upload a CSV file")]
    public IFormFile? Upload { get; set; }

    /// <summary>The results CSV, carried in a hidden field so the download needs no server-side state.</summary>
    [BindProperty]
    public string? ResultsCsv { get; set; }

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
            ResultsCsv = Analysis.ResultsCsv.Write(Rows);
        }

        return Page();
    }

    public IActionResult OnPostDownload()
    {
        if (string.IsNullOrEmpty(ResultsCsv))
        {
            return RedirectToPage();
        }

        return File(Encoding.UTF8.GetBytes(ResultsCsv), "text/csv; charset=utf-8", DownloadFileName);
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
