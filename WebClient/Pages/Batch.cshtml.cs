using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Hosting;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>Many tweets at once: pasted lines or a CSV upload; a table, a summary, a chart and a CSV download.</summary>
public sealed class BatchModel(
    TfServingClient client,
    ModelStatusCache statusCache,
    IOptions<SiteOptions> site,
    IOptions<TfServingOptions> serving) : PageModel
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

        var modelName = serving.Value.ModelName;
        try
        {
            var status = await statusCache.GetAsync(client, cancellationToken);
            if (!status.IsAvailable)
            {
                Problem = ModelProblem.NotAvailable(status, modelName);
                return Page();
            }

            var started = Stopwatch.GetTimestamp();
            var predictions = await client.PredictAsync(input.Texts, cancellationToken);
            Latency = Stopwatch.GetElapsedTime(started);
            ModelVersion = status.ServedVersion;
            Rows = input.Texts
                .Zip(predictions, (text, prediction) => (text, prediction))
                .Select((pair, i) => new BatchRow(i + 1, pair.text, pair.prediction.Probability, pair.prediction.Label))
                .ToList();
            Summary = BatchSummary.From(Rows);
            ResultsCsv = Analysis.ResultsCsv.Write(Rows);
        }
        catch (ModelNotFoundException ex) when (ex.IsNotLoadedYet)
        {
            Problem = ModelProblem.Loading(modelName);
        }
        catch (TfServingException ex)
        {
            Problem = ModelProblem.From(ex, modelName);
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
