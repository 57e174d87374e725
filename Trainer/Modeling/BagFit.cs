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
        using var features = ModelEvaluator.BagFeatures(model, train, batchSize, cancellationToken);
        var fit = LogisticRegression.Fit(features, train.Labels, Penalty);
        model.FitBag(fit.Coefficients, fit.Intercept);
        return fit;
    }
}
