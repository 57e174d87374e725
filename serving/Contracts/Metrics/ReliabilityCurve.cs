namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// How well probabilities are calibrated: <see cref="BinCount"/> equal-width bins of P(positive) ([0, 0.1), [0.1, 0.2),
/// …, [0.9, 1]), each with its examples' mean probability and the share of them that are positive — the points of a
/// reliability diagram — and the expected calibration error (ECE), the bins' |mean probability − positive share|
/// weighted by their share of the examples (Guo et al., 2017). 0 is perfectly calibrated.
/// </summary>
public static class ReliabilityCurve
{
    public const int BinCount = 10;

    /// <inheritdoc cref="Bins(IReadOnlyList{int}, IReadOnlyList{float})"/>
    public static IReadOnlyList<ReliabilityBin> Bins(ScoredExamples examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return Bins(examples.Labels, examples.Probabilities);
    }

    /// <summary>Every bin, empty ones included (count 0, NaN means), lowest first; no examples give ten empty bins.</summary>
    public static IReadOnlyList<ReliabilityBin> Bins(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        }

        int[] counts = new int[BinCount];
        double[] probabilitySums = new double[BinCount];
        int[] positives = new int[BinCount];
        for (int i = 0; i < labels.Count; i++)
        {
            int bin = BinOf(probabilities[i]);
            counts[bin]++;
            probabilitySums[bin] += probabilities[i];
            positives[bin] += labels[i];
        }

        return [.. Enumerable.Range(0, BinCount).Select(bin => new ReliabilityBin(
            (double)bin / BinCount,
            (double)(bin + 1) / BinCount,
            counts[bin],
            counts[bin] == 0 ? double.NaN : probabilitySums[bin] / counts[bin],
            counts[bin] == 0 ? double.NaN : (double)positives[bin] / counts[bin]))];
    }

    /// <summary>ECE over <see cref="BinCount"/> equal-width bins; NaN for no examples.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities) =>
        ExpectedCalibrationError(Bins(labels, probabilities));

    /// <inheritdoc cref="ExpectedCalibrationError(IReadOnlyList{int}, IReadOnlyList{float})"/>
    public static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        long total = bins.Sum(bin => (long)bin.Count);
        if (total == 0)
        {
            return double.NaN;
        }

        return bins.Where(bin => bin.Count > 0).Sum(bin => bin.Count * Math.Abs(bin.MeanProbability - bin.PositiveRate)) / total;
    }

    /// <summary>The bin of a probability: [k/10, (k+1)/10), the last bin closed (1.0 falls in it).</summary>
    public static int BinOf(double probability)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability must be in [0, 1].");
        }

        return Math.Min((int)(probability * BinCount), BinCount - 1);
    }
}

/// <summary>One bin of a reliability diagram: P(positive) in [<paramref name="Lower"/>, <paramref name="Upper"/>).</summary>
/// <param name="Count">Examples whose probability falls in the bin.</param>
/// <param name="MeanProbability">Their mean P(positive); NaN when the bin is empty.</param>
/// <param name="PositiveRate">The share of them that are positive; NaN when the bin is empty.</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanProbability, double PositiveRate);
