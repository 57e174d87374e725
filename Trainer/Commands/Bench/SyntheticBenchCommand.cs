using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>
/// `trainer bench synthetic`: training and inference sequences/s on synthetic ids, and load+tokenize rows/s on a CSV; with
/// <c>--data</c>, also training and inference on that file's tweets with random and length batching side by side.
/// Numbers, not assertions: the machine's load decides them, so say what else was running when you quote them.
/// </summary>
public sealed class SyntheticBenchCommand(IAnsiConsole console) : Command<SyntheticBenchSettings>
{
    private const int WarmupBatches = 10;

    public override int Execute(CommandContext context, SyntheticBenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var threads = TorchThreads.Apply(settings.Threads, settings.WaitPolicy);
        torch.manual_seed(1);
        var modelOptions = settings.ToModelOptions(settings.Vocabulary);
        console.MarkupLine(Invariant(
            $"Model: embedding {modelOptions.VocabularySize:N0}×{modelOptions.EmbeddingDim} → {(modelOptions.Bidirectional ? "bidirectional " : "")}LSTM {modelOptions.LstmUnits} → dense; batch {settings.BatchSize}, sequence length {modelOptions.SequenceLength}; {threads.Describe(Environment.ProcessorCount)}"));

        using var model = new SentimentModel(modelOptions);
        using var batch = SyntheticBatch(settings);

        double training = MeasureTraining(model, batch, settings.Batches, cancellationToken);
        console.MarkupLine(Invariant($"Training:  [bold]{training,10:N0}[/] sequences/s (forward + backward + Adam step)"));
        double inference = MeasureInference(model, batch.Ids, settings.Batches, cancellationToken);
        console.MarkupLine(Invariant($"Inference: [bold]{inference,10:N0}[/] sequences/s (eval mode, no gradients)"));

        if (settings.Data is not null || settings.Rows > 0)
        {
            MeasureData(settings, cancellationToken);
        }
        return 0;
    }

    /// <summary>One batch of synthetic rows with random labels.</summary>
    private static EncodedDataset SyntheticBatch(SyntheticBenchSettings settings)
    {
        // Real tweets end in padding; lengths vary so masking costs what it costs in training.
        var random = new Random(1);
        long[] data = new long[settings.BatchSize * settings.SequenceLength];
        int[] labels = new int[settings.BatchSize];
        for (int row = 0; row < settings.BatchSize; row++)
        {
            int length = random.Next(Math.Min(5, settings.SequenceLength), settings.SequenceLength + 1);
            for (int t = 0; t < length; t++) data[row * settings.SequenceLength + t] = random.Next(2, settings.Vocabulary);
            labels[row] = random.Next(2);
        }
        return new EncodedDataset(data, labels, settings.SequenceLength);
    }

    private static double MeasureTraining(SentimentModel model, EncodedDataset batch, int batches, CancellationToken cancellationToken)
    {
        using var step = new TrainingStep(model, new TrainingLoopOptions { LearningRate = 0.001 });
        long[] rows = [.. Enumerable.Range(0, batch.Count).Select(row => (long)row)];
        model.train();
        var clock = new Stopwatch();
        for (int done = 0; done < WarmupBatches + batches; done++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (done == WarmupBatches) clock.Start();
            step.Run(batch, rows);
        }
        return batches * batch.Count / clock.Elapsed.TotalSeconds;
    }

    private static double MeasureInference(SentimentModel model, Tensor ids, int batches, CancellationToken cancellationToken)
    {
        model.eval();
        using var noGradients = no_grad();
        var clock = new Stopwatch();
        for (int batch = 0; batch < WarmupBatches + batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch == WarmupBatches) clock.Start();
            using var scope = NewDisposeScope();
            _ = model.forward(ids).sigmoid().data<float>().ToArray();
        }
        return batches * ids.shape[0] / clock.Elapsed.TotalSeconds;
    }

    private void MeasureData(SyntheticBenchSettings settings, CancellationToken cancellationToken)
    {
        string path = settings.Data ?? Path.Combine(Path.GetTempPath(), $"bench-sentiment140-{Guid.NewGuid():N}.csv");
        try
        {
            if (settings.Data is null)
            {
                console.MarkupLine(Invariant($"Generating a Sentiment140-format CSV with {settings.Rows:N0} rows…"));
                WriteSyntheticSentiment140(path, settings.Rows);
            }

            var clock = Stopwatch.StartNew();
            var loaded = TweetDataReader.Read(path, new DataReadOptions(), cancellationToken);
            var load = clock.Elapsed;
            clock.Restart();
            var tokens = DatasetEncoder.Tokenize([.. loaded.Tweets.Select(tweet => tweet.Text)], cancellationToken);
            var tokenize = clock.Elapsed;
            var total = load + tokenize;
            long tokenCount = tokens.Sum(list => (long)list.Count);
            console.MarkupLine(Invariant(
                $"Load+tokenize: [bold]{loaded.Tweets.Count / total.TotalSeconds,10:N0}[/] rows/s ({loaded.Tweets.Count:N0} rows, {tokenCount:N0} tokens in {total.TotalSeconds:F1} s: read {load.TotalSeconds:F1} s, tokenize {tokenize.TotalSeconds:F1} s on {Environment.ProcessorCount} cores)"));

            // The rest of what a training run does before its first batch.
            clock.Restart();
            var vocabulary = Vocabulary.Build(tokens, settings.Vocabulary);
            var vocabularyTime = clock.Elapsed;
            clock.Restart();
            using var encoded = DatasetEncoder.Encode(tokens, [.. loaded.Tweets.Select(tweet => tweet.Label)], vocabulary, settings.SequenceLength);
            var encodeTime = clock.Elapsed;
            console.MarkupLine(Invariant(
                $"Vocabulary+encode: {(vocabularyTime + encodeTime).TotalSeconds:F1} s (vocabulary of {vocabulary.Count:N0} {vocabularyTime.TotalSeconds:F1} s, encode {encodeTime.TotalSeconds:F1} s)"));

            if (settings.Data is not null) new RealTweetBench(console, settings).Run(encoded, tokens, vocabulary, cancellationToken);
        }
        finally
        {
            if (settings.Data is null) File.Delete(path);
        }
    }

    /// <summary>Sentiment140's layout (polarity, id, date, query, user, text) with tweet-like synthetic text.</summary>
    private static void WriteSyntheticSentiment140(string path, int rows)
    {
        string[] words =
        [
            "i", "love", "hate", "this", "so", "much", "not", "good", "bad", "day", "today", "work", "can't", "wait",
            "soooo", "tired", "happy", "sad", "the", "a", "to", "and", "my", "is", "it", "you", "for", "of", "in", "on",
            "lol", "omg", "!!!", "???", "&amp;", "&quot;great&quot;", "#fail", "#win", "http://bit.ly/abc", "@friend",
        ];
        var random = new Random(7);
        using var writer = new StreamWriter(path, append: false, Encoding.Latin1, bufferSize: 1 << 20);
        var text = new StringBuilder();
        for (int row = 0; row < rows; row++)
        {
            text.Clear();
            int length = random.Next(4, 25);
            for (int w = 0; w < length; w++)
            {
                if (w > 0) text.Append(' ');
                text.Append(words[random.Next(words.Length)]);
            }
            if (row % 10 == 0) text.Append(", with a comma and \"\"quotes\"\"");
            writer.Write(Invariant($"\"{(row % 2 == 0 ? 0 : 4)}\",\"{1_467_810_369L + row}\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user{row % 5000}\",\"{text}\"\n"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
