using System.Diagnostics;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// Numbers for the README, not pass/fail checks: export time and size of the default model, and TensorFlow.js
/// inference speed on it. Run with <c>dotnet test tests/Trainer.Tests --filter Category=Benchmark</c>.
/// </summary>
[Explicit("Benchmark: prints numbers; run with --filter Category=Benchmark")]
[Category("Benchmark")]
public sealed class ExportBenchmarks : IDisposable
{
    private readonly TempDirectory _exports = new();

    public void Dispose() => _exports.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void Default_model_export_time_size_and_TensorFlow_js_speed(bool bidirectional)
    {
        // The default architecture: 20k vocabulary, L=50, E=64, U=64.
        var vocabulary = Vocabulary.Build([[.. Enumerable.Range(0, 19_998).Select(i => $"token{i}")]], maxTokens: 20_000);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 50, EmbeddingDim = 64, LstmUnits = 64, Bidirectional = bidirectional });
        SavedModelExporter.Export(model, vocabulary, _exports.Path, "warmup"); // JIT and first-touch costs

        var results = Enumerable.Range(0, 3).Select(_ => SavedModelExporter.Export(model, vocabulary, _exports.Path, ServingContract.ModelName)).ToList();

        var best = results.MinBy(r => r.Elapsed) ?? results[0];
        TestContext.Out.WriteLine($"{(bidirectional ? "bidirectional" : "unidirectional")}: export {best.Elapsed.TotalMilliseconds:F0} ms (best of 3: {string.Join(", ", results.Select(r => $"{r.Elapsed.TotalMilliseconds:F0}"))}), " +
            $"saved_model.pb {best.SavedModelBytes / 1048576.0:F2} MiB, {best.NodeCount} nodes");
        Assert.That(best.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));

        NodeHarness.EnsureInstalled();
        foreach (string backend in new[] { "cpu", "wasm" })
        {
            var run = ProcessRunner.Run("node", [Path.Combine(NodeHarness.ServingDirectory, "tools", "bench-saved-model.mjs"), best.VersionDirectory, "--backend", backend, "--batches", "1,32", "--runs", "10"],
                NodeHarness.ServingDirectory, timeout: TimeSpan.FromMinutes(5));
            TestContext.Out.WriteLine($"tfjs {backend}: {run.StandardOutput.Trim()} {run.StandardError.Trim()}");
        }
        TestContext.Out.WriteLine($"machine: {Environment.ProcessorCount} cores, {Stopwatch.Frequency} Hz timer");
    }
}
