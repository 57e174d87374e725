using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TorchSharp;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>
/// `bench synthetic --data`: training and inference sequences/s on the file's own tweets with random and with length
/// batching. The two modes take turns in <see cref="Rounds"/> rounds within one run, so both see the same machine
/// load and their ratio means something even when the absolute numbers move. Also reports the share of computed
/// LSTM steps that read a real token (each batch computes batch size × its longest row).
/// </summary>
internal sealed class RealTweetBench(IAnsiConsole console, SyntheticBenchSettings settings)
{
    private const int Rounds = 3;
    private const int WarmupBatches = 10;
    private static readonly BatchingMode[] Modes = [BatchingMode.Random, BatchingMode.Length];

    public void Run(EncodedDataset data, IReadOnlyList<IReadOnlyList<string>> tokens, Vocabulary vocabulary, CancellationToken cancellationToken)
    {
        string loadBefore = LoadAverage();
        var modelOptions = settings.ToModelOptions(vocabulary.Count);
        var lengths = data.Lengths;
        console.MarkupLine(Invariant(
            $"Real tweets: {data.Count:N0}, {lengths.Average():F1} tokens on average (longest {lengths.Max()}, sequence length {settings.SequenceLength}); vocabulary {vocabulary.Count:N0}; batch {settings.BatchSize}; {Rounds} alternating rounds per mode"));

        var training = Modes.ToDictionary(mode => mode, mode => new TrainingRun(modelOptions, data, settings.BatchSize, mode));
        try
        {
            foreach (var run in training.Values) run.Train(WarmupBatches, cancellationToken);
            int perRound = Math.Max(1, settings.Batches / Rounds);
            for (int round = 0; round < Rounds; round++)
                foreach (var run in training.Values) run.Timed(perRound, cancellationToken);

            using var sample = Sample(data.Count, tokens, data.Labels, vocabulary);
            var inference = MeasureInference(training[BatchingMode.Length].Model, sample, cancellationToken);

            var table = new Table().Border(TableBorder.Markdown)
                .AddColumns("Batching", "Training seq/s", "useful steps", "Inference seq/s", "useful steps");
            foreach (var mode in Modes)
            {
                table.AddRow(
                    mode.ToString().ToLowerInvariant(),
                    Invariant($"{training[mode].SequencesPerSecond:N0}"),
                    Percent(training[mode].EpochSteps.UsefulShare),
                    Invariant($"{inference[mode].SequencesPerSecond:N0}"),
                    Percent(inference[mode].Steps.UsefulShare));
            }
            table.AddRow(
                "ratio (length ÷ random)",
                Ratio(training[BatchingMode.Length].SequencesPerSecond / training[BatchingMode.Random].SequencesPerSecond),
                Ratio(training[BatchingMode.Length].EpochSteps.UsefulShare / training[BatchingMode.Random].EpochSteps.UsefulShare),
                Ratio(inference[BatchingMode.Length].SequencesPerSecond / inference[BatchingMode.Random].SequencesPerSecond),
                Ratio(inference[BatchingMode.Length].Steps.UsefulShare / inference[BatchingMode.Random].Steps.UsefulShare));
            console.Write(table);
            console.MarkupLine(Invariant(
                $"Useful steps: the share of computed LSTM steps (batch size × longest row, per batch) that read a real token; for training over a whole epoch. Training: {training[BatchingMode.Random].TimedBatches} timed batches per mode after {WarmupBatches} warm-up ones. Inference: ModelEvaluator over {sample.Count:N0} random tweets, {Rounds} passes per mode. Load average (1 min): {loadBefore} before, {LoadAverage()} after."));
        }
        finally
        {
            foreach (var run in training.Values) run.Dispose();
        }
    }

    /// <summary>Inference runs through the evaluator, which batches in data order or sorted by length.</summary>
    private Dictionary<BatchingMode, (double SequencesPerSecond, LstmSteps Steps)> MeasureInference(SentimentModel model, EncodedDataset sample, CancellationToken cancellationToken)
    {
        var elapsed = Modes.ToDictionary(mode => mode, _ => TimeSpan.Zero);
        _ = ModelEvaluator.Evaluate(model, sample, settings.BatchSize, lengthSorted: true, cancellationToken);
        for (int round = 0; round < Rounds; round++)
        {
            foreach (var mode in Modes)
            {
                var clock = Stopwatch.StartNew();
                _ = ModelEvaluator.Evaluate(model, sample, settings.BatchSize, lengthSorted: mode == BatchingMode.Length, cancellationToken);
                elapsed[mode] += clock.Elapsed;
            }
        }
        var rows = Enumerable.Range(0, sample.Count).Select(row => (long)row);
        var sorted = LengthBucketSampler.SortedByLength(sample.Lengths).Select(row => (long)row);
        return Modes.ToDictionary(
            mode => mode,
            mode => (
                Rounds * sample.Count / elapsed[mode].TotalSeconds,
                LengthBucketSampler.CountSteps((mode == BatchingMode.Length ? sorted : rows).Chunk(settings.BatchSize), sample.Lengths)));
    }

    /// <summary>A seeded random sample of --batches × --batch-size tweets (the file may be sorted by label or date).</summary>
    private EncodedDataset Sample(int count, IReadOnlyList<IReadOnlyList<string>> tokens, IReadOnlyList<int> labels, Vocabulary vocabulary)
    {
        int[] rows = [.. Enumerable.Range(0, count)];
        new Random(1).Shuffle(rows);
        rows = rows[..Math.Min(count, Math.Max(settings.Batches, Rounds) * settings.BatchSize)];
        return DatasetEncoder.Encode([.. rows.Select(row => tokens[row])], [.. rows.Select(row => labels[row])], vocabulary, settings.SequenceLength);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Percent(double share) => Invariant($"{share * 100:F1} %");

    private static string Ratio(double ratio) => Invariant($"{ratio:F2}×");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One mode's model, training step and epoch order, trained batch by batch as SentimentTrainer does.</summary>
    private sealed class TrainingRun : IDisposable
    {
        private readonly EncodedDataset _data;
        private readonly TrainingStep _step;
        private readonly LengthBucketSampler _sampler;
        private readonly Random _random = new(1);
        private IReadOnlyList<long[]> _epoch = [];
        private int _next;
        private TimeSpan _elapsed;
        private long _sequences;

        public TrainingRun(ModelOptions options, EncodedDataset data, int batchSize, BatchingMode mode)
        {
            _data = data;
            // The same initial weights for every mode.
            torch.manual_seed(1);
            Model = new SentimentModel(options);
            Model.train();
            _step = new TrainingStep(Model, new TrainingLoopOptions { BatchSize = batchSize, Batching = mode });
            _sampler = new LengthBucketSampler(data.Lengths, batchSize, mode);
            EpochSteps = LengthBucketSampler.CountSteps(new LengthBucketSampler(data.Lengths, batchSize, mode).NextEpoch(new Random(1)), data.Lengths);
        }

        public SentimentModel Model { get; }

        public LstmSteps EpochSteps { get; }

        public int TimedBatches { get; private set; }

        public double SequencesPerSecond => _sequences / _elapsed.TotalSeconds;

        public void Timed(int batches, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            _sequences += Train(batches, cancellationToken);
            _elapsed += clock.Elapsed;
            TimedBatches += batches;
        }

        public long Train(int batches, CancellationToken cancellationToken)
        {
            long sequences = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_next == _epoch.Count)
                {
                    _epoch = _sampler.NextEpoch(_random);
                    _next = 0;
                }
                long[] rows = _epoch[_next++];
                _step.Run(_data, rows);
                sequences += rows.Length;
            }
            return sequences;
        }

        public void Dispose()
        {
            _step.Dispose();
            Model.Dispose();
        }
    }
}
