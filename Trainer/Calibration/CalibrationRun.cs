using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// <c>trainer calibrate</c>, step by step: the term logits of the user's tweets → cross-validated scores before and
/// after calibrating (<see cref="CrossValidation"/>) → the calibration fitted on all the tweets → the calibrated
/// model written (<see cref="ICalibrationTarget.WriteAsync"/>) with model info naming the tweets' file, hash and size.
/// Only the four numbers of the combining layer change, and with <c>--fit-bag</c> the bag's dense layer; tracking is the caller's.
/// </summary>
public static class CalibrationRun
{
    /// <param name="mlflowRunId">The MLflow run recording this calibration, named in the new model's info; null = untracked.</param>
    /// <exception cref="CalibrationException">The model ranks the tweets no better than chance.</exception>
    public static async Task<CalibrationResult> ExecuteAsync(
        ICalibrationTarget target, CalibrationData data, CalibrationRunOptions options, string? mlflowRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var labels = data.Labels;
        var method = options.Method;
        IReadOnlyList<string> texts = [.. data.Tweets.Select(tweet => tweet.Text)];
        using var terms = await target.TermLogitsAsync(texts, cancellationToken);
        using var bagFeatures = method.FitBag ? await target.BagFeaturesAsync(texts, cancellationToken) : null;
        var inputs = new CalibrationInputs(terms, bagFeatures, labels);
        var before = target.Combination;
        var (probabilitiesBefore, probabilitiesAfter) = CrossValidation.Probabilities(inputs, before, target.PresentTerms, method, options.Folds, options.Seed);
        var fitted = CrossValidation.Fit(inputs, before, target.PresentTerms, method, options.Folds, options.Seed);

        var cvBefore = ClassificationMetrics.Compute(labels, probabilitiesBefore);
        var cvAfter = ClassificationMetrics.Compute(labels, probabilitiesAfter);
        var info = Describe(target, data, options, fitted, cvBefore, cvAfter, mlflowRunId);
        var output = await target.WriteAsync(fitted.Combination, fitted.Bag?.Layer, info, options.Destination, cancellationToken);
        return new CalibrationResult(target.Description, before, fitted, cvBefore, cvAfter,
            ReliabilityCurve.Bins(labels, probabilitiesBefore), ReliabilityCurve.Bins(labels, probabilitiesAfter), output, info);
    }

    /// <summary>The calibrated model's info: the source's training facts, the new combination and how it was fitted.</summary>
    private static ExportedModelInfo Describe(ICalibrationTarget target, CalibrationData data, CalibrationRunOptions options, FittedCalibration fitted,
        ClassificationMetrics cvBefore, ClassificationMetrics cvAfter, string? mlflowRunId)
    {
        var temperature = fitted.Temperature;
        var source = target.ModelInfo;
        string from = source.Run ?? target.Description;
        if (source.MlflowRunId is { } trainingRun) from += $" (MLflow run {trainingRun})";
        static double? Round(double? value) => value is { } number ? ExportedModelInfo.Round(number) : null;
        return source with
        {
            Run = options.Destination.RunName,
            Source = $"trainer calibrate of {source.Run ?? target.Description}",
            MlflowRunId = mlflowRunId,
            Combination = InfoCombination.From(fitted.Combination),
            Calibration = new InfoCalibration(options.Method.Name, string.Join(", ", data.Facts.Files.Count > 0 ? data.Facts.Files.Select(file => file.Description) : [data.Facts.Description]))
            {
                Sha256 = data.Facts.Sha256,
                Bytes = data.Bytes,
                Tweets = data.Tweets.Count,
                Temperature = temperature is null ? null : Round(temperature.Temperature),
                Shift = temperature is null ? null : Round(temperature.Shift),
                BagPenalty = fitted.Bag?.Penalty,
                Folds = options.Folds,
                CvAccuracyBefore = Round(cvBefore.Accuracy),
                CvAccuracyAfter = Round(cvAfter.Accuracy),
                CvBalancedAccuracyBefore = Round(cvBefore.BalancedAccuracy),
                CvBalancedAccuracyAfter = Round(cvAfter.BalancedAccuracy),
                CvEceBefore = Round(cvBefore.ExpectedCalibrationError),
                CvEceAfter = Round(cvAfter.ExpectedCalibrationError),
                CvLogLossBefore = Round(cvBefore.LogLoss),
                CvLogLossAfter = Round(cvAfter.LogLoss),
                From = from,
            },
        };
    }
}

/// <summary>How <c>trainer calibrate</c> fits and scores, and where the result goes.</summary>
public sealed record CalibrationRunOptions
{
    public const int DefaultFolds = 5;
    public const int DefaultSeed = 42;

    public required CalibrationMethod Method { get; init; }

    /// <summary>Folds of the stratified cross-validation that scores before and after.</summary>
    public int Folds { get; init; } = DefaultFolds;

    /// <summary>Seeds the folds' shuffle.</summary>
    public int Seed { get; init; } = DefaultSeed;

    public required CalibrationDestination Destination { get; init; }
}

/// <summary>What calibrating did and measured.</summary>
/// <param name="Source">The model that was calibrated, for the console.</param>
/// <param name="Before">Its combination before.</param>
/// <param name="Fitted">The calibration fitted on all the tweets, now the new model's.</param>
/// <param name="CrossValidatedBefore">The model as it was, on all the tweets.</param>
/// <param name="CrossValidatedAfter">Each fold scored by a calibration fitted on the other folds.</param>
/// <param name="ReliabilityBefore">Reliability bins of <paramref name="CrossValidatedBefore"/>'s probabilities.</param>
/// <param name="ReliabilityAfter">Reliability bins of <paramref name="CrossValidatedAfter"/>'s probabilities.</param>
/// <param name="Output">The new checkpoint (checkpoints only) and SavedModel version.</param>
/// <param name="ModelInfo">The new model's info.</param>
public sealed record CalibrationResult(
    string Source,
    TermWeights Before,
    FittedCalibration Fitted,
    ClassificationMetrics CrossValidatedBefore,
    ClassificationMetrics CrossValidatedAfter,
    IReadOnlyList<ReliabilityBin> ReliabilityBefore,
    IReadOnlyList<ReliabilityBin> ReliabilityAfter,
    CalibrationOutput Output,
    ExportedModelInfo ModelInfo)
{
    /// <summary>The new model's combination.</summary>
    public TermWeights After => Fitted.Combination;

    /// <summary>The temperature fit, unless the weights were fitted.</summary>
    public TemperatureFit? Temperature => Fitted.Temperature;
}
