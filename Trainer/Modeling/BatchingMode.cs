namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How training batches are drawn from the shuffled training set (see <see cref="LengthBucketSampler"/>).</summary>
public enum BatchingMode
{
    /// <summary>Tweets of similar token length share a batch, so fewer padding steps are computed.</summary>
    Length,

    /// <summary>Consecutive tweets of the shuffled set form a batch, whatever their lengths.</summary>
    Random,
}
