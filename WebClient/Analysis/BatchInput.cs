using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the batch form gave: the texts with their source rows, how the file was read (notes to show), or why
/// it could not be accepted, or that the visitor must say which column holds the tweets.
/// </summary>
public sealed record BatchInput(
    IReadOnlyList<BatchItem> Items,
    IReadOnlyList<string> Columns,
    string? LabelColumn,
    IReadOnlyList<string> Notes,
    string? Error,
    ColumnQuestion? Question = null)
{
    public static BatchInput Rejected(string error) => new([], [], null, [], error);

    public static BatchInput Ask(ColumnQuestion question, IReadOnlyList<string> notes) => new([], [], null, notes, null, question);

    public bool IsValid => Error is null && Question is null;

    /// <summary>The separator of the uploaded file (, ; tab or |), so the download uses the same; a comma for pasted lines.</summary>
    public char Separator { get; init; } = ',';

    public IReadOnlyList<string> Texts => [.. Items.Select(i => i.Text)];

    /// <summary>The items the model is asked about: all but those marked <see cref="BatchItem.Skipped"/>.</summary>
    public IReadOnlyList<BatchItem> Scored => [.. Items.Where(i => i.Skipped is null)];

    /// <summary>Lines whose label the label rule does not read; they are scored but not evaluated.</summary>
    public IReadOnlyList<int> UnknownLabelLines => LabelColumn is null ? [] : [.. Items.Where(i => i.Label is null).Select(i => i.Line)];

    /// <summary>Lines labelled neutral (2); they are scored but not evaluated, since the model has no neutral class.</summary>
    public IReadOnlyList<int> NeutralLines => [.. Items.Where(i => i.Label == Sentiment.Neutral).Select(i => i.Line)];
}

/// <summary>
/// One text to analyse: its line (the row number a spreadsheet shows for it, the header being row 1), the
/// text, every field of its row as read, and its label when the file has a label column and the label rule reads it.
/// </summary>
public sealed record BatchItem(int Line, string Text, IReadOnlyList<string> Fields, Sentiment? Label = null)
{
    /// <summary>Why the row is listed but not scored (a text over the length limit); null for a row the model reads.</summary>
    public string? Skipped { get; init; }
}

/// <summary>The file has several columns and none is obviously the tweet: the visitor picks one.</summary>
public sealed record ColumnQuestion(IReadOnlyList<ColumnOption> Options, int SuggestedTextColumn, bool SuggestedHeaderRow, int? SuggestedLabelColumn);

/// <summary>A column as the visitor sees it: its number, its header (or first value) and a sample value.</summary>
public sealed record ColumnOption(int Index, string Name, string Sample);

/// <summary>The visitor's answer to a <see cref="ColumnQuestion"/>.</summary>
public sealed record ColumnChoice(int TextColumn, bool HeaderRow, int? LabelColumn);
