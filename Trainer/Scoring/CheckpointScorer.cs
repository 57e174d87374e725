using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>Scores with a TorchSharp checkpoint in this process: the C# tokenizer, the vocabulary, the model in evaluation mode.</summary>
public sealed class CheckpointScorer : IModelScorer
{
    private readonly SentimentModel _model;
    private readonly Vocabulary _vocabulary;
    private readonly int _batchSize;

    private CheckpointScorer(SentimentModel model, Vocabulary vocabulary, int batchSize, string directory)
    {
        _model = model;
        _vocabulary = vocabulary;
        _batchSize = batchSize;
        Description = $"checkpoint {directory}";
    }

    public string Description { get; }

    /// <exception cref="ModelSourceException">The folder is missing or not a readable checkpoint.</exception>
    public static CheckpointScorer Open(CheckpointSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (model, vocabulary) = CheckpointReader.Load(source.Directory);
        return new CheckpointScorer(model, vocabulary, source.BatchSize, source.Directory);
    }

    public Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = DatasetEncoder.Tokenize(texts, cancellationToken);
        int sequenceLength = _model.Options.SequenceLength;
        return BatchedScoring.ScoreAsync(texts.Count, _batchSize, (start, size) =>
        {
            long[] ids = new long[size * sequenceLength];
            for (int row = 0; row < size; row++)
            {
                _vocabulary.EncodeInto(tokens[start + row], ids.AsSpan(row * sequenceLength, sequenceLength));
            }
            using var batch = tensor(ids, [size, sequenceLength], dtype: int64);
            return Task.FromResult(_model.PredictProbabilities(batch));
        }, scored, cancellationToken);
    }

    public Task<int[]> CountKnownTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = DatasetEncoder.Tokenize(texts, cancellationToken);
        long[] ids = new long[_model.Options.SequenceLength];
        return Task.FromResult(tokens.Select(textTokens =>
        {
            _vocabulary.EncodeInto(textTokens, ids);
            return TokenizedText.CountKnown(ids);
        }).ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _model.Dispose();
        return ValueTask.CompletedTask;
    }
}
