using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Tweets as model input: token ids [count, sequenceLength] (int64) and targets [count] (float32, 0 or 1),
/// kept as tensors so batches are gathered without copying through .NET arrays.
/// </summary>
public sealed class EncodedDataset : IDisposable
{
    public EncodedDataset(long[] ids, int[] labels, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        if (ids.Length != (long)labels.Length * sequenceLength)
            throw new ArgumentException($"{ids.Length} ids do not make {labels.Length} rows of {sequenceLength}.", nameof(ids));

        Labels = labels;
        SequenceLength = sequenceLength;
        Ids = tensor(ids, [labels.Length, sequenceLength], dtype: int64);
        Targets = tensor(labels.Select(label => (float)label).ToArray(), dtype: float32);
    }

    public int Count => Labels.Count;

    public int SequenceLength { get; }

    public IReadOnlyList<int> Labels { get; }

    public Tensor Ids { get; }

    public Tensor Targets { get; }

    public void Dispose()
    {
        Ids.Dispose();
        Targets.Dispose();
    }
}
