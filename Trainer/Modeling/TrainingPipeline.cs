using System.Diagnostics;
using TorchSharp;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// The training step of a run, from CSV to kept weights: read → stratified split → tokenize → vocabulary (training
/// split only) → encode → train with early stopping → evaluate on validation, test and held-out files.
/// Everything it does is reported to <paramref name="observer"/>. It writes nothing: the returned
/// <see cref="TrainedModel"/> holds what the later steps of a run save (checkpoint, SavedModel, tracking).
/// </summary>
public sealed class TrainingPipeline(ITrainingObserver observer)
{
    /// <summary>Trains and evaluates; the caller owns (and disposes) the returned model.</summary>
    /// <exception cref="DataException">The data cannot be used.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public TrainedModel Train(TrainingRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = Stopwatch.StartNew();
        torch.set_num_threads(options.Threads);

        var clock = Stopwatch.StartNew();
        var (tweets, facts) = LoadData(options, cancellationToken);
        observer.OnDataLoaded(facts);

        var split = StratifiedSplitter.Split(tweets, options.ValidationSplit, options.TestSplit, options.Loop.Seed);
        if (split.Train.Count == 0 || split.Validation.Count == 0 || split.Test.Count == 0)
        {
            throw new DataException(
                $"{facts.Tweets} tweets are too few to split into training ({split.Train.Count}), validation ({split.Validation.Count}) and test ({split.Test.Count}) sets.");
        }

        var loadTime = clock.Elapsed;

        clock.Restart();
        var trainTokens = DatasetEncoder.Tokenize([.. split.Train.Select(tweet => tweet.Text)], cancellationToken);
        var rated = options.Lexicon?.Lexicon;
        var (vocabulary, pretrained, embeddingsFacts, lexiconTokensAdded) = BuildVocabulary(trainTokens, options, rated);
        LexiconTable? lexicon = null;
        LexiconFacts? lexiconFacts = null;
        if (rated is not null)
        {
            lexicon = LexiconTable.For(vocabulary, rated);
            lexiconFacts = new LexiconFacts(rated.Source, rated.Entries, lexicon.RatedTokens, lexiconTokensAdded, RatedShare(trainTokens, rated));
        }
        using var train = Encode(trainTokens, split.Train, vocabulary, options.Model.SequenceLength);
        using var validation = Encode(split.Validation, vocabulary, options.Model.SequenceLength, cancellationToken);
        using var test = Encode(split.Test, vocabulary, options.Model.SequenceLength, cancellationToken);
        var encodeTime = clock.Elapsed;

        // The model's initial weights come from torch's generator: seed it first so a seed means one model.
        torch.manual_seed(options.Loop.Seed);
        var modelOptions = options.ModelFor(vocabulary.Count, pretrained?.Vocabulary.Count - pretrained?.LearnedRows ?? 0);
        var loopOptions = options.Loop;
        var model = new SentimentModel(modelOptions, pretrained?.PretrainedVectors, lexicon);
        // Until it is handed over below, a failure or cancellation must not leak the weights.
        using var handOver = new HandOver(model);
        var sizes = new SplitSizes(train.Count, validation.Count, test.Count);
        observer.OnTrainingStarted(new TrainingSetup(options, facts, sizes, modelOptions, loopOptions) { Embeddings = embeddingsFacts, Lexicon = lexiconFacts });

        clock.Restart();
        var fit = new SentimentTrainer(loopOptions, observer).Fit(model, train, validation, cancellationToken);
        double? interceptShift = null;
        if (model.Lexicon is not null)
        {
            // The LSTM was trained alone: refit the combined model's intercept on the validation split.
            float[] probabilities = ModelEvaluator.Evaluate(model, validation, loopOptions.EvaluationBatchSize, cancellationToken).Probabilities;
            interceptShift = InterceptCalibration.Fit(probabilities, validation.Labels);
            model.ShiftIntercept((float)interceptShift.Value);
        }
        var trainTime = clock.Elapsed;

        clock.Restart();
        var validationEvaluation = ModelEvaluator.Evaluate(model, validation, loopOptions.EvaluationBatchSize, cancellationToken);
        var testEvaluation = ModelEvaluator.Evaluate(model, test, loopOptions.EvaluationBatchSize, cancellationToken);
        var heldOut = EvaluateHeldOut(model, vocabulary, options, loopOptions.EvaluationBatchSize, cancellationToken);
        var evaluateTime = clock.Elapsed;

        var report = new TrainingReport(
            options,
            facts,
            sizes,
            modelOptions,
            fit.History,
            fit.BestEpoch,
            fit.StoppedEarly,
            ClassificationMetrics.Compute(validation.Labels, validationEvaluation.Probabilities),
            ClassificationMetrics.Compute(test.Labels, testEvaluation.Probabilities),
            test.Labels,
            testEvaluation.Probabilities,
            new TrainingTimings(loadTime, encodeTime, trainTime, evaluateTime, total.Elapsed))
        {
            HeldOut = heldOut,
            InterceptShift = interceptShift,
        };
        observer.OnTrainingCompleted(report);
        return new TrainedModel(handOver.Release(), vocabulary, report);
    }

    /// <summary>Disposes the model when the scope ends, unless it was released to a new owner.</summary>
    private sealed class HandOver(SentimentModel model) : IDisposable
    {
        private SentimentModel? _model = model;

        public SentimentModel Release()
        {
            var model = _model ?? throw new InvalidOperationException("The model was handed over already.");
            _model = null;
            return model;
        }

        public void Dispose() => _model?.Dispose();
    }

    /// <summary>Sentiment140's hand-labelled test set (if in data/) and every --evaluate file, scored by the kept weights.</summary>
    private static List<HeldOutEvaluation> EvaluateHeldOut(SentimentModel model, Vocabulary vocabulary, TrainingRunOptions options, int batchSize, CancellationToken cancellationToken)
    {
        var files = new List<(string Name, string Path)>();
        if (DefaultData.LocateSentiment140Test() is { } s140Test) files.Add(("s140_test", s140Test));
        foreach (string path in options.EvaluationPaths) files.Add((HeldOutName(path, files), path));

        var results = new List<HeldOutEvaluation>();
        foreach (var (name, path) in files)
        {
            var loaded = TweetDataReader.Read(path, new DataReadOptions(), cancellationToken);
            if (loaded.Tweets.Count == 0) throw new DataException($"--evaluate: {path} holds no usable labelled tweets.");
            using var data = Encode(loaded.Tweets, vocabulary, options.Model.SequenceLength, cancellationToken);
            var evaluation = ModelEvaluator.Evaluate(model, data, batchSize, cancellationToken);
            results.Add(new HeldOutEvaluation(name, path, ClassificationMetrics.Compute(data.Labels, evaluation.Probabilities)));
        }
        return results;
    }

    /// <summary>"eval_" + the file's stem in lower-case letters, digits and underscores, numbered if taken.</summary>
    private static string HeldOutName(string path, List<(string Name, string Path)> taken)
    {
        string stem = new([.. Path.GetFileNameWithoutExtension(path).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        string name = "eval_" + stem;
        for (int n = 2; taken.Any(file => file.Name == name); n++) name = $"eval_{stem}_{n}";
        return name;
    }

    /// <summary>
    /// From the training split alone, or with the pretrained set's words and vectors when there is one; then the
    /// lexicon's tokens and negations that it lacks get ids after all others (learned rows without pretrained vectors,
    /// zero frozen vectors with them), or they would be [UNK] and their valence would never reach the served model.
    /// </summary>
    private static (Vocabulary, PretrainedVocabulary?, EmbeddingsFacts?, int LexiconTokensAdded) BuildVocabulary(
        IReadOnlyList<IReadOnlyList<string>> trainTokens, TrainingRunOptions options, SentimentLexicon? lexicon)
    {
        Vocabulary vocabulary;
        PretrainedVocabulary? pretrained = null;
        EmbeddingsFacts? facts = null;
        if (options.Embeddings is not { Vectors: var embeddings })
        {
            vocabulary = Vocabulary.Build(trainTokens, options.MaxTokens);
        }
        else
        {
            pretrained = PretrainedVocabulary.Build(trainTokens, options.MaxTokens, embeddings);
            vocabulary = pretrained.Vocabulary;
            facts = new EmbeddingsFacts(embeddings.Source, embeddings.Dimension, embeddings.Count, pretrained.Vocabulary.Count - pretrained.LearnedRows, pretrained.Coverage);
        }
        if (lexicon is null) return (vocabulary, pretrained, facts, 0);

        var missing = LexiconTable.MissingTokens(vocabulary, lexicon);
        vocabulary = Vocabulary.FromTokens([.. vocabulary.Tokens, .. missing]);
        if (pretrained is not null && facts is not null)
            pretrained = pretrained with { Vocabulary = vocabulary, PretrainedVectors = [.. pretrained.PretrainedVectors, .. new float[missing.Count * facts.Dimension]] };
        return (vocabulary, pretrained, facts, missing.Count);
    }

    /// <summary>The share of the training split's token occurrences that the lexicon rates.</summary>
    private static double RatedShare(IReadOnlyList<IReadOnlyList<string>> trainTokens, SentimentLexicon lexicon)
    {
        long occurrences = trainTokens.Sum(tokens => (long)tokens.Count);
        long rated = trainTokens.Sum(tokens => (long)tokens.Count(lexicon.Contains));
        return occurrences == 0 ? 0 : (double)rated / occurrences;
    }

    private static EncodedDataset Encode(IReadOnlyList<LabeledTweet> tweets, Vocabulary vocabulary, int sequenceLength, CancellationToken cancellationToken) =>
        Encode(DatasetEncoder.Tokenize([.. tweets.Select(tweet => tweet.Text)], cancellationToken), tweets, vocabulary, sequenceLength);

    private static EncodedDataset Encode(IReadOnlyList<IReadOnlyList<string>> tokens, IReadOnlyList<LabeledTweet> tweets, Vocabulary vocabulary, int sequenceLength) =>
        DatasetEncoder.Encode(tokens, [.. tweets.Select(tweet => tweet.Label)], vocabulary, sequenceLength);

    /// <summary>The default data, or every --data file in order, as one set of tweets.</summary>
    private (IReadOnlyList<LabeledTweet> Tweets, DataFacts Facts) LoadData(TrainingRunOptions options, CancellationToken cancellationToken)
    {
        var source = options.DataPaths.Count == 0 ? DefaultData.Locate() : null;
        if (source is { Path: null })
        {
            // The bundled sample: tiny, so no progress.
            var sample = DefaultData.Load(new DataReadOptions { Strict = options.Strict }, cancellationToken);
            return (sample.Tweets, DataFacts.From(sample, source.Description));
        }

        IReadOnlyList<string> paths = source?.Path is { } defaultPath ? [defaultPath] : options.DataPaths;
        // One progress bar over all the files' bytes.
        long totalBytes = paths.Sum(path => new FileInfo(path).Length);
        long bytesBefore = 0;
        var tweets = new List<LabeledTweet>();
        var files = new List<DataFacts>();
        foreach (string path in paths)
        {
            long before = bytesBefore;
            var readOptions = new DataReadOptions
            {
                Strict = options.Strict,
                BytesRead = totalBytes == 0 ? null : new SynchronousProgress<long>(bytes => observer.OnDataReadProgress(before + bytes, totalBytes)),
            };
            var loaded = TweetDataReader.Read(path, readOptions, cancellationToken);
            bytesBefore += new FileInfo(path).Length;
            tweets.AddRange(loaded.Tweets);
            files.Add(DataFacts.From(loaded, source?.Description ?? (paths.Count == 1 ? "the given file" : Path.GetFileName(path))));
        }
        return (tweets, DataFacts.Combine(files));
    }
}
