namespace TwitterSentiment.Trainer.Data;

/// <summary>A row that could not be used: the physical line (from 1) where it starts and why.</summary>
public sealed record MalformedRow(long LineNumber, string Reason);
