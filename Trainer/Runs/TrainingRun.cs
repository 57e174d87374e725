using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Runs;

/// <summary>
/// One training run, step by step: its checkpoint folder is claimed and the tracking run opened first (by whoever
/// made <paramref name="checkpoint"/> and <paramref name="tracking"/>, so the run's name and id exist) → train and
/// evaluate (<see cref="TrainingPipeline"/>; epoch metrics reach tracking meanwhile, as <paramref name="tracking"/>
/// is one of the observers) → save the checkpoint into its folder (marked complete once whole) → export the SavedModel, whose
/// <c>model_info</c> names the MLflow run (the one holding the run by then, after any fall-back to the local store)
/// → record the results and artifacts in tracking. Null <paramref name="tracking"/> means an untracked run (tests,
/// embedding the trainer); its model_info has no MLflow run id.
/// </summary>
public sealed class TrainingRun(TrainingRunOptions options, CheckpointFolder checkpoint, TrainingRunTracker? tracking)
{
    /// <summary>Runs every step; a failure or cancellation ends the tracking run FAILED or KILLED and is rethrown.</summary>
    /// <param name="observer">Hears the training step (the console display, tests).</param>
    public async Task<TrainingRunResult> ExecuteAsync(ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observer);
        try
        {
            TrainingRunResult result;
            using (var trained = Train(observer, cancellationToken))
            {
                checkpoint.BeginWriting();
                ModelCheckpoint.Save(checkpoint.Path, trained.Model, trained.Vocabulary);
                var mlflowRun = tracking is null ? null : await tracking.SettledRunAsync(cancellationToken);
                var info = ModelInfoFor(trained.Report, mlflowRun);
                info.Save(checkpoint.Path);
                checkpoint.Complete();
                var export = Export(trained, info);
                result = new TrainingRunResult(trained.Report, checkpoint.Path, export, info);
            }

            if (tracking is not null)
                await tracking.CompleteAsync(result.Training, result.CheckpointDirectory, result.Export.VersionDirectory, cancellationToken);
            return result;
        }
        catch (Exception error) when (tracking is not null)
        {
            await tracking.FailAsync(error);
            throw;
        }
    }

    private TrainedModel Train(ITrainingObserver observer, CancellationToken cancellationToken) =>
        new TrainingPipeline(tracking is null ? observer : new CompositeTrainingObserver(observer, tracking)).Train(options, cancellationToken);

    /// <summary>The run's facts, naming the MLflow run that records it and where it is tracked (none when untracked).</summary>
    private static ExportedModelInfo ModelInfoFor(TrainingReport report, ITrackedRun? mlflowRun) =>
        ExportedModelInfo.FromTraining(report, DateTimeOffset.UtcNow)
            with { MlflowRunId = mlflowRun?.RunId, MlflowTrackingUri = mlflowRun?.TrackingUri, MlflowExperimentId = mlflowRun?.ExperimentId };

    /// <summary>The SavedModel TensorFlow Serving serves, from the same weights as the checkpoint.</summary>
    private ExportResult Export(TrainedModel trained, ExportedModelInfo info) =>
        SavedModelExporter.Export(trained.Model, trained.Vocabulary, options.ExportDirectory, options.ModelName, info);
}
