namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// A finished batch as the page shows it and the download writes it: the input's columns, the rows with their
/// answers, how the input was read, and the evaluation when the file had true labels.
/// </summary>
public sealed record BatchResults(
    IReadOnlyList<string> Columns,
    IReadOnlyList<BatchRow> Rows,
    string? LabelColumn,
    IReadOnlyList<string> Notes,
    IReadOnlyList<int> UnknownLabelLines,
    IReadOnlyList<int> NeutralLines,
    TimeSpan Latency,
    ResolvedModel Model)
{
    public BatchSummary Summary { get; } = BatchSummary.From(Rows);

    public LabelledEvaluation? Evaluation { get; } = LabelledEvaluation.From(Rows);

    public bool HasLabels => LabelColumn is not null;

    /// <summary>The input file's separator, which the plain download keeps.</summary>
    public char Separator { get; init; } = ',';


    /// <summary>Characters kept in memory, for the store's size limit.</summary>
    public long Size => Rows.Sum(r => (long)r.Text.Length + (r.Fields?.Sum(f => (long)f.Length + 8) ?? 0) + 64);
}
