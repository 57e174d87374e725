using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

/// <summary>Small id datasets for training tests: the label is decided by which of two marker tokens a row holds.</summary>
internal static class SyntheticSets
{
    public const int VocabularySize = 20;
    public const int SequenceLength = 8;
    private const int PositiveMarker = 2;
    private const int NegativeMarker = 3;

    /// <summary>Rows of 3–8 noise tokens with one marker at a random position; <paramref name="flipLabels"/> inverts every label.</summary>
    public static EncodedDataset Separable(int count, int seed, bool flipLabels = false)
    {
        var random = new Random(seed);
        long[] ids = new long[count * SequenceLength];
        int[] labels = new int[count];
        for (int row = 0; row < count; row++)
        {
            int label = row % 2;
            int length = random.Next(3, SequenceLength + 1);
            for (int t = 0; t < length; t++) ids[row * SequenceLength + t] = random.Next(4, VocabularySize);
            ids[row * SequenceLength + random.Next(length)] = label == 1 ? PositiveMarker : NegativeMarker;
            labels[row] = flipLabels ? 1 - label : label;
        }
        return new EncodedDataset(ids, labels, SequenceLength);
    }

    public static ModelOptions SmallModel(bool bidirectional = false) => new()
    {
        VocabularySize = VocabularySize,
        SequenceLength = SequenceLength,
        EmbeddingDim = 8,
        LstmUnits = 8,
        Bidirectional = bidirectional,
        Dropout = 0.1,
    };
}
