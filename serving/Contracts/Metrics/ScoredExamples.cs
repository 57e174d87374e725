namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// Labelled examples with the model's P(positive) for each, checked once: what every metric here is computed from.
/// Labels are 0 (negative) or 1 (positive); probabilities are finite, in [0, 1].
/// </summary>
public sealed class ScoredExamples
{
    private ScoredExamples(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, long positives)
    {
        Labels = labels;
        Probabilities = probabilities;
        Positives = positives;
    }

    public IReadOnlyList<int> Labels { get; }

    public IReadOnlyList<float> Probabilities { get; }

    public int Count => Labels.Count;

    public long Positives { get; }

    public long Negatives => Count - Positives;

    /// <exception cref="ArgumentException">Lengths differ, there is no example, a label is not 0/1 or a probability not in [0, 1].</exception>
    public static ScoredExamples Create(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        }

        if (labels.Count == 0)
        {
            throw new ArgumentException("Metrics need at least one example.", nameof(labels));
        }

        long positives = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not (0 or 1))
            {
                throw new ArgumentException($"Label {labels[i]} at index {i} is neither 0 nor 1.", nameof(labels));
            }

            float p = probabilities[i];
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentException($"Probability {p} at index {i} is not in [0, 1].", nameof(probabilities));
            }

            positives += labels[i];
        }

        return new ScoredExamples(labels, probabilities, positives);
    }

    /// <summary>True when both classes are present (what ranking metrics need).</summary>
    public bool HasBothClasses => Positives > 0 && Negatives > 0;
}
