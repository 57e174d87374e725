using System.Buffers.Binary;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Tracking.Reporting;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class TrainingPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (int Width, int Height) PngSize(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..8], Is.EqualTo(PngSignature), "a PNG file");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Test]
    public void Learning_curves_are_written_as_a_png()
    {
        string path = Path.Combine(_temp.Path, "learning-curves.png");

        TrainingPlots.SaveLearningCurves(path, [1, 2, 3], [0.6, 0.5, 0.45], [0.62, 0.55, 0.56], [0.68, 0.75, 0.78], [0.66, 0.73, 0.74], bestEpoch: 2);

        Assert.That(PngSize(path), Is.EqualTo((900, 600)));
    }

    [Test]
    public void The_roc_curve_and_the_confusion_matrix_are_written_as_pngs()
    {
        string roc = Path.Combine(_temp.Path, "roc.png");
        string matrix = Path.Combine(_temp.Path, "confusion.png");

        TrainingPlots.SaveRocCurve(roc, [1, 0, 1, 0, 1], [0.9f, 0.1f, 0.6f, 0.7f, 0.3f]);
        TrainingPlots.SaveConfusionMatrix(matrix, truePositives: 40, falsePositives: 10, trueNegatives: 35, falseNegatives: 15);

        Assert.That(PngSize(roc), Is.EqualTo((600, 600)));
        Assert.That(PngSize(matrix), Is.EqualTo((600, 600)));
    }

    [Test]
    public void The_reliability_diagram_is_written_as_a_png_with_empty_bins_and_sets_left_out()
    {
        string path = Path.Combine(_temp.Path, "reliability.png");
        var test = ReliabilityCurve.Bins([1, 0, 1, 1, 0], [0.9f, 0.1f, 0.65f, 0.7f, 0.35f]);
        var empty = ReliabilityCurve.Bins([], []);

        TrainingPlots.SaveReliabilityDiagram(path, [("test split", test), ("empty file", empty)]);

        Assert.That(PngSize(path), Is.EqualTo((600, 600)));
    }

    [Test]
    public void A_single_class_test_set_still_gives_a_roc_plot_without_a_curve()
    {
        string roc = Path.Combine(_temp.Path, "roc.png");

        TrainingPlots.SaveRocCurve(roc, [1, 1], [0.9f, 0.2f]);

        Assert.That(new FileInfo(roc).Length, Is.GreaterThan(0));
    }
}
