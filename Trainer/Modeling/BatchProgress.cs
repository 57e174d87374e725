namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Progress within an epoch, reported after every training batch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Batch">1-based index of the batch just finished.</param>
/// <param name="BatchCount">Batches in this epoch.</param>
/// <param name="SequencesDone">Training sequences processed so far in this epoch.</param>
/// <param name="Elapsed">Time spent on this epoch's batches so far.</param>
public sealed record BatchProgress(int Epoch, int Batch, int BatchCount, long SequencesDone, TimeSpan Elapsed)
{
    public double SequencesPerSecond => Elapsed > TimeSpan.Zero ? SequencesDone / Elapsed.TotalSeconds : 0;
}
