namespace TwitterSentiment.Trainer.Data;

/// <summary>The data a run uses when none is named: a file (<see cref="Path"/>) or, when it is null, the bundled sample.</summary>
public sealed record DefaultDataSource(string? Path, string Description)
{
    public bool IsBundledSample => Path is null;
}
