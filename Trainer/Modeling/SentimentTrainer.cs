using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// The training loop: Adam on binary cross-entropy with logits, seeded shuffling (batches of similar token length
/// by default, see <see cref="LengthBucketSampler"/>), gradient clipping,
/// learning-rate reduction on a validation-loss plateau, and early stopping that restores the best epoch's
/// weights. For a given seed, model initialisation and options, the result is bit-identical run to run.
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
        // Frozen (pretrained) rows have no gradient: leave them out of Adam and of the clipping norm.
        var parameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay);

        double learningRate = options.LearningRate;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, epochsSinceBest = 0, epochsSinceReduction = 0;
        var best = new List<Tensor>();
        var history = new List<EpochResult>();
        bool stoppedEarly = false;
        var sampler = new LengthBucketSampler(train.Lengths, options.BatchSize, options.Batching);
        int batchCount = sampler.BatchCount;

        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                observer.OnEpochStarted(epoch, batchCount);
                var epochClock = Stopwatch.StartNew();
                var batches = sampler.NextEpoch(random);

                model.train();
                double lossSum = 0;
                long correct = 0, done = 0;
                for (int batch = 0; batch < batchCount; batch++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    int size = batches[batch].Length;
                    var index = tensor(batches[batch], dtype: int64);
                    var ids = train.Ids.index_select(0, index);
                    var targets = train.Targets.index_select(0, index);

                    optimizer.zero_grad();
                    var logits = model.forward(ids);
                    var loss = nn.functional.binary_cross_entropy_with_logits(logits, targets);
                    loss.backward();
                    nn.utils.clip_grad_norm_(parameters, options.GradientClipNorm);
                    optimizer.step();

                    lossSum += loss.item<float>() * size;
                    correct += logits.detach().gt(0).eq(targets.gt(0.5)).sum().item<long>();
                    done += size;
                    observer.OnBatchCompleted(new BatchProgress(epoch, batch + 1, batchCount, done, epochClock.Elapsed));
                }
                var trainTime = epochClock.Elapsed;

                var evaluation = ModelEvaluator.Evaluate(model, validation, options.EvaluationBatchSize, cancellationToken);
                var result = new EpochResult(
                    epoch,
                    lossSum / done,
                    (double)correct / done,
                    evaluation.Loss,
                    evaluation.Accuracy,
                    learningRate,
                    done / trainTime.TotalSeconds,
                    epochClock.Elapsed);
                history.Add(result);
                observer.OnEpochCompleted(result);

                if (evaluation.Loss < bestLoss - options.MinDelta)
                {
                    bestLoss = evaluation.Loss;
                    bestEpoch = epoch;
                    epochsSinceBest = 0;
                    epochsSinceReduction = 0;
                    Snapshot(parameters, best);
                    continue;
                }

                epochsSinceBest++;
                epochsSinceReduction++;
                if (epochsSinceBest >= options.Patience)
                {
                    stoppedEarly = epoch < options.Epochs;
                    break;
                }
                if (epochsSinceReduction >= options.LearningRatePatience && learningRate > options.MinLearningRate)
                {
                    learningRate = Math.Max(learningRate * options.LearningRateFactor, options.MinLearningRate);
                    foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                    epochsSinceReduction = 0;
                }
            }

            Restore(parameters, best);
            return new FitResult(history, bestEpoch, stoppedEarly);
        }
        finally
        {
            foreach (var tensor in best) tensor.Dispose();
        }
    }

    private static void Snapshot(List<Parameter> parameters, List<Tensor> destination)
    {
        using var _ = no_grad();
        foreach (var tensor in destination) tensor.Dispose();
        destination.Clear();
        destination.AddRange(parameters.Select(parameter => parameter.detach().clone().DetachFromDisposeScope()));
    }

    private static void Restore(List<Parameter> parameters, List<Tensor> snapshot)
    {
        using var _ = no_grad();
        for (int i = 0; i < snapshot.Count; i++) parameters[i].copy_(snapshot[i]);
    }
}
