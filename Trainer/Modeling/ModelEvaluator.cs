using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Runs a model over a dataset in evaluation mode (dropout off) without building gradients. Rows are batched in
/// order of token length, so each batch stops at a shorter longest row; results are put back in the data's order
/// and summed in it, so they are the same as in the data's own order.
/// </summary>
public static class ModelEvaluator
{
    public static Evaluation Evaluate(SentimentModel model, EncodedDataset data, int batchSize, CancellationToken cancellationToken = default) =>
        Evaluate(model, data, batchSize, lengthSorted: true, cancellationToken);

    /// <summary>Every row's term logits (<see cref="SentimentModel.TermLogits"/>), [rows, 3] float32, in the data's order.</summary>
    public static Tensor TermLogits(SentimentModel model, EncodedDataset data, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int termCount = TermWeights.TermNames.Count;
        int[] order = LengthBucketSampler.SortedByLength(data.Lengths);
        float[] terms = new float[data.Count * termCount];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            int size = Math.Min(batchSize, data.Count - start);
            long[] rows = Array.ConvertAll(order[start..(start + size)], row => (long)row);
            float[] batch = model.TermLogits(data.Ids.index_select(0, tensor(rows, dtype: int64))).data<float>().ToArray();
            for (int i = 0; i < size; i++) batch.AsSpan(i * termCount, termCount).CopyTo(terms.AsSpan((int)rows[i] * termCount, termCount));
        }
        return tensor(terms, [data.Count, termCount], dtype: float32);
    }

    /// <summary>Every row's bag-of-vectors features (<see cref="SentimentModel.BagFeatures"/>), [rows, BagDim], in the data's order.</summary>
    public static Tensor BagFeatures(SentimentModel model, EncodedDataset data, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var scope = NewDisposeScope();
        var batches = new List<Tensor>();
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batches.Add(model.BagFeatures(data.Ids.narrow(0, start, Math.Min(batchSize, data.Count - start))));
            }
        }
        return cat(batches, 0).MoveToOuterDisposeScope();
    }

    /// <param name="lengthSorted">False batches the rows in the data's order (slower, same results).</param>
    public static Evaluation Evaluate(SentimentModel model, EncodedDataset data, int batchSize, bool lengthSorted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            int[]? order = lengthSorted ? LengthBucketSampler.SortedByLength(data.Lengths) : null;
            float[] probabilities = new float[data.Count];
            float[] losses = new float[data.Count];
            long correct = 0;
            for (int start = 0; start < data.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int size = Math.Min(batchSize, data.Count - start);
                long[]? rows = order is null ? null : Array.ConvertAll(order[start..(start + size)], row => (long)row);
                var index = rows is null ? null : tensor(rows, dtype: int64);
                var ids = index is null ? data.Ids.narrow(0, start, size) : data.Ids.index_select(0, index);
                var targets = index is null ? data.Targets.narrow(0, start, size) : data.Targets.index_select(0, index);
                var logits = model.forward(ids);
                correct += logits.gt(0).eq(targets.gt(0.5)).sum().item<long>();
                float[] batchLosses = nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None).data<float>().ToArray();
                float[] batchProbabilities = logits.sigmoid().data<float>().ToArray();
                for (int i = 0; i < size; i++)
                {
                    int row = rows is null ? start + i : (int)rows[i];
                    losses[row] = batchLosses[i];
                    probabilities[row] = batchProbabilities[i];
                }
            }
            // Summed in the data's order, so the loss does not depend on the batching either.
            double lossSum = 0;
            foreach (float loss in losses) lossSum += loss;
            return data.Count == 0
                ? new Evaluation(double.NaN, double.NaN, probabilities)
                : new Evaluation(lossSum / data.Count, (double)correct / data.Count, probabilities);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
