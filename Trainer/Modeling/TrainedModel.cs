using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// What the training step of a run hands to the steps that save it: the kept weights, the vocabulary they were
/// trained with and the report. Owns <see cref="Model"/>: dispose it once the checkpoint and export are written.
/// </summary>
public sealed class TrainedModel(SentimentModel model, Vocabulary vocabulary, TrainingReport report) : IDisposable
{
    public SentimentModel Model { get; } = model;

    public Vocabulary Vocabulary { get; } = vocabulary;

    public TrainingReport Report { get; } = report;

    public void Dispose() => Model.Dispose();
}
