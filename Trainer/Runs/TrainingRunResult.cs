using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Runs;

/// <summary>What a whole run produced: the training step's report and where each later step put its output.</summary>
/// <param name="Training">Data, history and metrics from the training step.</param>
/// <param name="CheckpointDirectory">The saved checkpoint (see <see cref="ModelCheckpoint"/>), with its model_info.json.</param>
/// <param name="Export">The SavedModel written for TensorFlow Serving.</param>
/// <param name="ModelInfo">The facts carried in the SavedModel's <c>model_info</c> signature and beside the checkpoint.</param>
public sealed record TrainingRunResult(TrainingReport Training, string CheckpointDirectory, ExportResult Export, ExportedModelInfo ModelInfo);
