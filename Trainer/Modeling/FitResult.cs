namespace TwitterSentiment.Trainer.Modeling;

/// <summary>The outcome of <see cref="SentimentTrainer.Fit"/>; the model then holds the weights of <see cref="BestEpoch"/>.</summary>
public sealed record FitResult(IReadOnlyList<EpochResult> History, int BestEpoch, bool StoppedEarly)
{
    public EpochResult Best => History[BestEpoch - 1];
}
