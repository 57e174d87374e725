namespace TwitterSentiment.Trainer.Calibration;

/// <summary>What <c>trainer calibrate</c> fits, and how.</summary>
/// <param name="FitWeights">Each term's weight and the intercept (stacking) instead of one temperature and the intercept.</param>
/// <param name="Balanced">Weigh both classes equally in every fit (the bag's too), so the probabilities are for a balanced set rather than for the file's class balance.</param>
public sealed record CalibrationMethod(bool FitWeights, bool Balanced)
{
    /// <summary>Refit the bag of vectors' dense layer on the tweets first (<see cref="BagRefit"/>); the combination is fitted on top.</summary>
    public bool FitBag { get; init; }

    /// <summary>With <see cref="FitBag"/>: the bag fit's L2 penalty; null = chosen by cross-validation (<see cref="BagRefit.Penalties"/>).</summary>
    public double? BagPenalty { get; init; }

    /// <summary>"temperature" or "weights", as model_info and MLflow record it (plus ", bag" and ", balanced").</summary>
    public string Name => (FitWeights ? "weights" : "temperature") + (FitBag ? ", bag" : "") + (Balanced ? ", balanced" : "");
}
