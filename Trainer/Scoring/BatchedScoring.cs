namespace TwitterSentiment.Trainer.Scoring;

/// <summary>The loop every <see cref="IModelScorer"/> shares: texts in batches, probabilities back in order, progress after each batch.</summary>
internal static class BatchedScoring
{
    /// <param name="scoreBatch">P(positive) for the texts from <c>start</c>, <c>size</c> of them.</param>
    public static async Task<float[]> ScoreAsync(int count, int batchSize, Func<int, int, Task<float[]>> scoreBatch, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        float[] probabilities = new float[count];
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, count - start);
            float[] batch = await scoreBatch(start, size).ConfigureAwait(false);
            batch.CopyTo(probabilities, start);
            scored?.Report(start + size);
        }
        return probabilities;
    }
}
