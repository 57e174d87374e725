namespace TwitterSentiment.Trainer.Scoring;

/// <summary>The loop every <see cref="IModelScorer"/> shares: texts in batches, results back in order, progress after each batch.</summary>
internal static class BatchedScoring
{
    /// <param name="scoreBatch">P(positive) for the texts from <c>start</c>, <c>size</c> of them.</param>
    public static Task<float[]> ScoreAsync(int count, int batchSize, Func<int, int, Task<float[]>> scoreBatch, IProgress<int>? scored, CancellationToken cancellationToken) =>
        RunAsync(count, batchSize, 1, scoreBatch, scored, cancellationToken);

    /// <param name="valuesPerText">How many values each text gets (row-major in the result).</param>
    /// <param name="runBatch">The values for the texts from <c>start</c>, <c>size</c> of them.</param>
    public static async Task<float[]> RunAsync(int count, int batchSize, int valuesPerText, Func<int, int, Task<float[]>> runBatch, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(valuesPerText, 1);
        float[] values = new float[count * valuesPerText];
        for (int start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, count - start);
            float[] batch = await runBatch(start, size).ConfigureAwait(false);
            if (batch.Length != size * valuesPerText)
                throw new ModelSourceException($"A batch of {size} texts gave {batch.Length} values where {size * valuesPerText} were expected.");
            batch.CopyTo(values, start * valuesPerText);
            scored?.Report(start + size);
        }
        return values;
    }
}
