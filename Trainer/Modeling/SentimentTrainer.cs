using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// The training loop, the Keras way: epochs of <see cref="TrainingStep"/>s over seeded batches (of similar token
/// length by default, see <see cref="LengthBucketSampler"/>), each followed by a validation pass; the learning rate
/// is reduced on a validation-loss plateau (<see cref="optim.lr_scheduler.ReduceLROnPlateau"/>) and
/// <see cref="EarlyStopping"/> ends training and restores the best epoch's weights. For a given seed, model
/// initialisation and options, the result is bit-identical run to run.
/// </summary>
public sealed class SentimentTrainer(TrainingLoopOptions options, ITrainingObserver observer)
{
    /// <exception cref="OperationCanceledException">Cancelled; checked before every batch.</exception>
    public FitResult Fit(SentimentModel model, EncodedDataset train, EncodedDataset validation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        if (validation.Count == 0) throw new ArgumentException("The validation set is empty.", nameof(validation));

        // Dropout draws from torch's generator, batches from System.Random: seed both.
        torch.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        using var step = new TrainingStep(model, options);
        var schedules = step.Optimizers.Select(optimizer => PlateauSchedule(optimizer, options)).ToList();
        using var stopping = new EarlyStopping(step.Parameters, options.Patience, options.MinDelta);
        var run = new FitState(model, step, train, validation, new LengthBucketSampler(train.Lengths, options.BatchSize, options.Batching), random);

        var history = new List<EpochResult>();
        bool stoppedEarly = false;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var result = RunEpoch(epoch, run, cancellationToken);
            history.Add(result);
            observer.OnEpochCompleted(result);
            if (stopping.ShouldStop(epoch, result.ValidationLoss))
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
            foreach (var schedule in schedules) schedule.step(result.ValidationLoss);
        }
        stopping.RestoreBest();
        return new FitResult(history, stopping.BestEpoch, stoppedEarly);
    }

    /// <summary>
    /// Multiplies the learning rate by <see cref="TrainingLoopOptions.LearningRateFactor"/> after
    /// <see cref="TrainingLoopOptions.LearningRatePatience"/> epochs without a validation loss lower than the best by
    /// more than <see cref="TrainingLoopOptions.MinDelta"/>, down to <see cref="TrainingLoopOptions.MinLearningRate"/>.
    /// It is given the validation loss of every epoch that does not stop training. Configured this way, TorchSharp's
    /// scheduler takes the decisions the loop took with its own counters before, bit for bit (a test compares them).
    /// </summary>
    internal static optim.lr_scheduler.LRScheduler PlateauSchedule(optim.Optimizer optimizer, TrainingLoopOptions options) =>
        optim.lr_scheduler.ReduceLROnPlateau(
            optimizer,
            mode: "min",
            factor: options.LearningRateFactor,
            patience: options.LearningRatePatience - 1, // it reduces after more than `patience` bad epochs
            threshold: options.MinDelta,
            threshold_mode: "abs",
            min_lr: [options.MinLearningRate],
            eps: 0); // any reduction counts, down to the minimum itself

    /// <summary>One pass over the training split in this epoch's batches, then the validation pass.</summary>
    private EpochResult RunEpoch(int epoch, FitState run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        observer.OnEpochStarted(epoch, run.Sampler.BatchCount);
        double learningRate = run.Step.LearningRate;
        var clock = Stopwatch.StartNew();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var batches = run.Sampler.NextEpoch(run.Random);
        run.Model.train();
        double lossSum = 0;
        long correct = 0, done = 0;
        for (int batch = 0; batch < batches.Count; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = run.Step.Run(run.Train, batches[batch]);
            lossSum += outcome.LossSum;
            correct += outcome.Correct;
            done += batches[batch].Length;
            observer.OnBatchCompleted(new BatchProgress(epoch, batch + 1, batches.Count, done, clock.Elapsed));
        }
        var trainTime = clock.Elapsed;
        var cpuTime = Environment.CpuUsage.TotalTime - cpuBefore;
        var steps = run.Step.TakeTimes();

        var evaluation = ModelEvaluator.Evaluate(run.Model, run.Validation, options.EvaluationBatchSize, cancellationToken);
        var duration = clock.Elapsed;
        return new EpochResult(
            epoch,
            lossSum / done,
            (double)correct / done,
            evaluation.Loss,
            evaluation.Accuracy,
            learningRate,
            done / trainTime.TotalSeconds,
            duration)
        {
            Steps = steps,
            ValidationTime = duration - trainTime,
            TrainingCpuTime = cpuTime,
        };
    }

    /// <summary>What every epoch of one <see cref="Fit"/> works on.</summary>
    private sealed record FitState(SentimentModel Model, TrainingStep Step, EncodedDataset Train, EncodedDataset Validation, LengthBucketSampler Sampler, Random Random);
}
