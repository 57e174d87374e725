namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Texts read from the batch form, or why they could not be accepted.</summary>
public sealed record BatchInput(IReadOnlyList<string> Texts, string? Error)
{
    public static BatchInput Rejected(string error) => new([], error);

    public bool IsValid => Error is null;
}
