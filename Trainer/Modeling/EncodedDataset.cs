using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Tweets as model input: token ids [count, sequenceLength] (int64) and targets [count] (float32, 0 or 1),
/// kept as tensors so batches are gathered without copying through .NET arrays.
/// </summary>
public sealed class EncodedDataset : IDisposable
{
    /// <param name="ids">Row-major ids, real tokens first and padding (0) after; the dataset keeps this array as its tensor's memory, so it must not change afterwards.</param>
    public EncodedDataset(long[] ids, int[] labels, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        if (ids.Length != (long)labels.Length * sequenceLength)
            throw new ArgumentException($"{ids.Length} ids do not make {labels.Length} rows of {sequenceLength}.", nameof(ids));

        Labels = labels;
        SequenceLength = sequenceLength;
        Lengths = RowLengths(ids, sequenceLength);
        // Shares the array's memory instead of copying it: on 1.6M tweets the copy took longer than encoding them.
        using var flat = from_array(ids);
        Ids = flat.view(labels.Length, sequenceLength);
        Targets = tensor(labels.Select(label => (float)label).ToArray(), dtype: float32);
    }

    public int Count => Labels.Count;

    public int SequenceLength { get; }

    public IReadOnlyList<int> Labels { get; }

    /// <summary>Real tokens per row (its non-padding ids), what batching by length sorts on.</summary>
    public IReadOnlyList<int> Lengths { get; }

    public Tensor Ids { get; }

    public Tensor Targets { get; }

    private static int[] RowLengths(long[] ids, int sequenceLength)
    {
        int[] lengths = new int[ids.Length / sequenceLength];
        for (int row = 0; row < lengths.Length; row++)
        {
            int length = 0;
            foreach (long id in ids.AsSpan(row * sequenceLength, sequenceLength)) length += id == 0 ? 0 : 1;
            lengths[row] = length;
        }
        return lengths;
    }

    public void Dispose()
    {
        Ids.Dispose();
        Targets.Dispose();
    }
}
