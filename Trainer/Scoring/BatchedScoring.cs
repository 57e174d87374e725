namespace TwitterSentiment.Trainer.Scoring;

/// <summary>The loop every <see cref="IModelScorer"/> shares: texts in batches, one answer per text back in order, progress after each batch.</summary>
internal static class BatchedScoring
{
    /// <param name="scoreBatch">The answers (e.g. P(positive)) for the texts from <c>start</c>, <c>size</c> of them.</param>
    public static async Task<T[]> ScoreAsync<T>(int count, int batchSize, Func<int, int, Task<T[]>> scoreBatch, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var probabilities = new T[count];
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, count - start);
            var batch = await scoreBatch(start, size).ConfigureAwait(false);
            batch.CopyTo(probabilities, start);
            scored?.Report(start + size);
        }
        return probabilities;
    }
}
