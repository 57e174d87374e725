namespace TwitterSentiment.Trainer.Scoring;

/// <summary>Opens a <see cref="ModelSource"/>: the model is loaded (or the server checked) before any data is read, so a bad source fails fast.</summary>
public static class ModelScorerFactory
{
    /// <param name="notice">Receives a line to show while the model keeps the command waiting (a silent server); may be null.</param>
    /// <exception cref="ModelSourceException">The model cannot be used.</exception>
    public static Task<IModelScorer> OpenAsync(ModelSource source, Action<string>? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(source.BatchSize, 1);
        return source switch
        {
            CheckpointSource checkpoint => Task.FromResult<IModelScorer>(CheckpointScorer.Open(checkpoint)),
            SavedModelSource savedModel => Opened(SavedModelScorer.OpenAsync(savedModel, cancellationToken)),
            ServingSource serving => Opened(ServingScorer.OpenAsync(serving, notice, cancellationToken)),
            _ => throw new ArgumentException($"Unknown model source {source.GetType().Name}.", nameof(source)),
        };
    }

    private static async Task<IModelScorer> Opened<T>(Task<T> opening) where T : IModelScorer => await opening;
}
