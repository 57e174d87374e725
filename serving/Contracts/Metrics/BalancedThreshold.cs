namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// The decision threshold that maximises balanced accuracy on labelled examples (a probability above it is called
/// positive): information about a file — how far its best cut is from 0.5 — not a default to predict with.
/// </summary>
/// <param name="Threshold">Halfway between the highest probability called negative and the lowest called positive.</param>
/// <param name="BalancedAccuracy">Balanced accuracy at that threshold.</param>
public sealed record BalancedThreshold(double Threshold, double BalancedAccuracy)
{
    /// <inheritdoc cref="Find(IReadOnlyList{int}, IReadOnlyList{float})"/>
    public static BalancedThreshold? Find(ScoredExamples examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Find(examples.Labels, examples.Probabilities);
    }

    /// <summary>
    /// Tries every cut between two distinct probabilities (and above all, below all); of equally good cuts, the one
    /// nearest 0.5. Null unless both classes occur.
    /// </summary>
    public static BalancedThreshold? Find(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        }

        int positives = labels.Count(label => label == 1);
        int negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        int[] order = [.. Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i])];
        // Cut k: the k lowest probabilities are called negative. k = 0 calls everything positive.
        int trueNegatives = 0, falseNegatives = 0;
        BalancedThreshold? best = null;
        for (int k = 0; k <= order.Length; k++)
        {
            if (k > 0)
            {
                if (labels[order[k - 1]] == 1)
                {
                    falseNegatives++;
                }
                else
                {
                    trueNegatives++;
                }
            }

            // A cut must fall between two different probabilities.
            if (k > 0 && k < order.Length && probabilities[order[k - 1]] == probabilities[order[k]])
            {
                continue;
            }

            double below = k == 0 ? 0 : probabilities[order[k - 1]];
            double above = k == order.Length ? 1 : probabilities[order[k]];
            double threshold = k == 0 ? Math.Max(0, above - 1e-6) : k == order.Length ? below : (below + above) / 2;
            double balanced = (((double)(positives - falseNegatives) / positives) + ((double)trueNegatives / negatives)) / 2;
            if (best is null || balanced > best.BalancedAccuracy + 1e-12
                || (Math.Abs(balanced - best.BalancedAccuracy) <= 1e-12 && Math.Abs(threshold - 0.5) < Math.Abs(best.Threshold - 0.5)))
            {
                best = new BalancedThreshold(threshold, balanced);
            }
        }

        return best;
    }
}
