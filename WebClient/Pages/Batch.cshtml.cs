using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>
/// Many tweets at once: pasted lines or a CSV upload; a table with honest per-row notes (paged past
/// <see cref="RowsPerPage"/> rows), a summary, a chart, an evaluation when the file has true labels, and a CSV download of
/// results kept on the server under an id; the summary, chart, evaluation and downloads always cover every row.
/// </summary>
public sealed class BatchModel(SentimentAnalyzer analyzer, ModelVersions versions, BatchResultsStore store, IOptions<InputLimits> limits) : PageModel
{
    /// <summary>Rows per page of the results table.</summary>
    public const int RowsPerPage = 100;

    public const string DownloadFileName = "sentiment-results.csv";

    public const string SpreadsheetFileName = "sentiment-results-for-spreadsheets.csv";

    /// <summary>The value of <see cref="Show"/> that lists only the rows the model got wrong.</summary>
    public const string WrongRowsOnly = "wrong";

    [BindProperty, Display(Name = "Tweets, one per line")]
    public string? Lines { get; set; }

    [BindProperty, Display(Name = "Or upload a CSV file")]
    public IFormFile? Upload { get; set; }

    /// <summary>The version or label to ask (empty: the default).</summary>
    [BindProperty, Display(Name = "Model version or label")]
    public string? Version { get; set; }

    /// <summary>Which page of the results table to show (1-based; links carry it).</summary>
    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The id under which <see cref="BatchResultsStore"/> keeps this batch's results; also in links (GET).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ResultsId { get; set; }

    /// <summary>"wrong" shows only the rows whose true label the model missed; a plain link, so no script is needed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    /// <summary>"spreadsheet" for the formula-escaped CSV with a BOM; anything else gives the plain CSV.</summary>
    [BindProperty]
    public string? Format { get; set; }

    /// <summary>The kept upload whose columns the visitor is choosing.</summary>
    [BindProperty]
    public string? PendingId { get; set; }

    [BindProperty, Display(Name = "Column with the tweets")]
    public int TextColumn { get; set; }

    [BindProperty, Display(Name = "Column with true labels (optional)")]
    public int LabelColumn { get; set; } = -1;

    [BindProperty, Display(Name = "The first row holds column names")]
    public bool HeaderRow { get; set; }

    public InputLimits Limits => limits.Value;

    /// <summary>The version field: the versions last listed, unless a GET asked for them afresh.</summary>
    public ModelPicker Picker
    {
        get => _picker ??= Pick(versions.Known);
        private set => _picker = value;
    }

    private ModelPicker? _picker;

    public string? InputError { get; private set; }

    public ModelProblem? Problem { get; private set; }

    public BatchResults? Results { get; private set; }

    /// <summary>Set when the upload's text column must be chosen by the visitor.</summary>
    public ColumnQuestion? Question { get; private set; }

    /// <summary>How the input was read (format detected, encoding, rows left out), shown before the results.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    public bool ShowingWrongOnly => Show == WrongRowsOnly && Results?.Evaluation is not null;

    /// <summary>Every row the table lists (all, or only the wrong ones), before paging.</summary>
    public IReadOnlyList<BatchRow> ListedRows => Results is null ? [] : ShowingWrongOnly ? [.. Results.Rows.Where(r => r.IsCorrect == false)] : Results.Rows;

    public int PageCount => Math.Max(1, (ListedRows.Count + RowsPerPage - 1) / RowsPerPage);

    /// <summary>The page asked for, within the pages there are.</summary>
    public int CurrentPage => Math.Clamp(PageNumber, 1, PageCount);

    public IEnumerable<BatchRow> VisibleRows => ListedRows.Skip((CurrentPage - 1) * RowsPerPage).Take(RowsPerPage);

    /// <summary>A results link (GET) shows kept results again: another page, or only the wrong rows.</summary>
    public void OnGet()
    {
        if (ResultsId is null)
        {
            return;
        }

        Results = store.Find(ResultsId);
        if (Results is null)
        {
            InputError = Expired;
            ResultsId = null;
        }
        else
        {
            Notes = Results.Notes;
        }
    }

    /// <summary>
    /// Requests over the body limit are turned into this GET before their body is read (see SiteSetup), so the
    /// visitor gets the message here, with the form, instead of on a separate error page.
    /// </summary>
    public void OnGetTooLarge(long? bytes)
    {
        InputError = $"That upload was {Size(bytes ?? 0)}; files may have at most {Limits.MaxUploadBytes / 1024} KB and {Limits.MaxUploadRows} rows. " +
            "Split the file, or keep only the text column, and upload it again.";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null)
        {
            return await AnalyzeAsync(BatchInputReader.FromLines(Lines, Limits), null, cancellationToken);
        }

        if (Upload.Length == 0)
        {
            InputError = $"The file “{Upload.FileName}” is empty (0 bytes). Choose a CSV file with one tweet per row: at most {Limits.MaxUploadBytes / 1024} KB and {Limits.MaxUploadRows} rows.";
            return Page();
        }

        if (Upload.Length > Limits.MaxUploadBytes)
        {
            InputError = $"The file has {Upload.Length / 1024.0:0} KB; the limit is {Limits.MaxUploadBytes / 1024} KB (and {Limits.MaxUploadRows} rows). Split it into smaller files.";
            return Page();
        }

        // Buffer the (small, size-checked) upload so decoding and parsing are synchronous and cannot block on the network.
        using var buffer = new MemoryStream((int)Upload.Length);
        await Upload.CopyToAsync(buffer, cancellationToken);
        var decoded = UploadDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (decoded.Error is not null)
        {
            InputError = decoded.Error;
            return Page();
        }

        var input = BatchInputReader.FromCsvText(decoded.Text, Limits);
        if (input.Question is not null)
        {
            PendingId = store.SavePending(new PendingUpload(Upload.FileName, decoded.Text, decoded.Note));
            return AskForColumns(input.Question, decoded.Note);
        }

        return await AnalyzeAsync(input, decoded.Note, cancellationToken);
    }

    /// <summary>The visitor's choice of columns for a kept upload.</summary>
    public async Task<IActionResult> OnPostColumnsAsync(CancellationToken cancellationToken)
    {
        if (store.FindPending(PendingId) is not { } pending)
        {
            InputError = $"That upload is no longer kept (uploads wait {BatchResultsStore.Lifetime.TotalMinutes:0} minutes for a choice of columns). Upload the file again.";
            return Page();
        }

        var input = BatchInputReader.FromCsvText(pending.Text, Limits, new ColumnChoice(TextColumn, HeaderRow, LabelColumn >= 0 ? LabelColumn : null));
        return await AnalyzeAsync(input, pending.EncodingNote, cancellationToken);
    }

    public IActionResult OnPostDownload()
    {
        if (store.Find(ResultsId) is not { } kept)
        {
            InputError = Expired;
            return Page();
        }

        bool spreadsheetSafe = string.Equals(Format, "spreadsheet", StringComparison.Ordinal);
        string csv = ResultsCsv.Write(kept, spreadsheetSafe);
        byte[] bytes = spreadsheetSafe ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)] : Encoding.UTF8.GetBytes(csv);
        return File(bytes, "text/csv; charset=utf-8", spreadsheetSafe ? SpreadsheetFileName : DownloadFileName);
    }

    /// <summary>"812 KB" below a megabyte, "5.0 MB" above.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, Math.Round(bytes / 1024.0)):0} KB"
        : $"{bytes / (1024.0 * 1024):0.0} MB";

    private static string Expired =>
        $"Those results are no longer kept (results are kept for {BatchResultsStore.Lifetime.TotalMinutes:0} minutes). Analyze the tweets again to download them.";

    private PageResult AskForColumns(ColumnQuestion question, string? encodingNote)
    {
        Question = question;
        TextColumn = question.SuggestedTextColumn;
        LabelColumn = question.SuggestedLabelColumn ?? -1;
        HeaderRow = question.SuggestedHeaderRow;
        Notes = encodingNote is null ? [] : [encodingNote];
        return Page();
    }

    private async Task<IActionResult> AnalyzeAsync(BatchInput input, string? encodingNote, CancellationToken cancellationToken)
    {
        if (!ModelPicker.TryRead(Version, out var choice))
        {
            InputError = ModelPicker.Invalid;
            return Page();
        }

        if (!input.IsValid)
        {
            InputError = input.Error;
            Notes = encodingNote is null ? [] : [encodingNote];
            return Page();
        }

        var scored = input.Scored;
        var outcome = await analyzer.AnalyzeAsync([.. scored.Select(i => i.Text)], choice, cancellationToken);
        Problem = outcome.Problem;
        if (outcome.Problem is not null || outcome.Model is null)
        {
            return Page();
        }

        var answers = scored
            .Select((item, i) => new BatchRow(item.Line, item.Text, outcome.Predictions[i].Probability, outcome.Predictions[i].Label, item.Fields, item.Label, outcome.Tokens[i]))
            .ToDictionary(row => row.Line);
        var rows = input.Items.Select(item => answers.GetValueOrDefault(item.Line) ?? BatchRow.NotScored(item)).ToList();
        Notes = [.. (encodingNote is null ? [] : new[] { encodingNote }), .. input.Notes];
        Results = new BatchResults(input.Columns, rows, input.LabelColumn, Notes, input.UnknownLabelLines, input.NeutralLines, outcome.Latency, outcome.Model)
        {
            Separator = input.Separator,
        };
        ResultsId = store.Save(Results);
        Show = null;
        PageNumber = 1;
        return Page();
    }

    private ModelPicker Pick(ModelChoices choices) => new(nameof(Version), "version", Version, choices);
}
