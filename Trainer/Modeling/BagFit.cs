using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Fits the bag of vectors' dense layer on its own: a logistic regression (<see cref="LogisticRegression"/>) on the
/// pooled frozen vectors of the training split's tweets. With 100 weights and 80,000 tweets the fit needs no
/// regularisation; <see cref="Penalty"/> only keeps it finite on tiny or separable sets.
/// </summary>
public static class BagFit
{
    public const double Penalty = 1e-4;

    /// <returns>The fit, already set as the model's bag dense layer.</returns>
    public static LogisticFit Fit(SentimentModel model, EncodedDataset train, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var scope = NewDisposeScope();
        var batches = new List<Tensor>();
        using (no_grad())
        {
            for (int start = 0; start < train.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                batches.Add(model.BagFeatures(train.Ids.narrow(0, start, Math.Min(batchSize, train.Count - start))));
            }
        }
        var fit = LogisticRegression.Fit(cat(batches, 0), train.Labels, Penalty);
        model.FitBag(fit.Coefficients, fit.Intercept);
        return fit;
    }
}
