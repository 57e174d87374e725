namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// A trained sentiment model, wherever it lives (a checkpoint, a SavedModel, a model server), seen as one thing:
/// texts in, P(positive) out. <c>evaluate</c> and <c>predict</c> use every source through this interface.
/// </summary>
public interface IModelScorer : IAsyncDisposable
{
    /// <summary>Which model this is, for the console (e.g. "checkpoint checkpoints/run-1").</summary>
    string Description { get; }

    /// <summary>P(positive) per text, in order.</summary>
    /// <param name="scored">Receives the number of texts scored so far, after every batch.</param>
    /// <exception cref="ModelSourceException">The model cannot score (it broke, the server went away, its answer is unusable).</exception>
    Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken);

    /// <summary>
    /// Per text, how many of the tokens the model reads (the first sequence-length ones) it has an id for: 0 means it
    /// knew none of the words, and its answer is only its overall leaning (as the site says).
    /// </summary>
    /// <exception cref="ModelSourceException">The model cannot tokenize (it broke, the server went away, its answer is unusable).</exception>
    Task<int[]> CountKnownTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
