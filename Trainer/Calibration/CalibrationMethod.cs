namespace TwitterSentiment.Trainer.Calibration;

/// <summary>What <c>trainer calibrate</c> fits, and how.</summary>
/// <param name="FitWeights">Each term's weight and the intercept (stacking) instead of one temperature and the intercept.</param>
/// <param name="Balanced">Weigh both classes equally in the fit, so the probabilities are for a balanced set rather than for the file's class balance.</param>
public sealed record CalibrationMethod(bool FitWeights, bool Balanced)
{
    /// <summary>"temperature" or "weights", as model_info and MLflow record it (plus ", balanced").</summary>
    public string Name => (FitWeights ? "weights" : "temperature") + (Balanced ? ", balanced" : "");
}
