using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Runs a model over a dataset in evaluation mode (dropout off) without building gradients.</summary>
public static class ModelEvaluator
{
    public static Evaluation Evaluate(SentimentModel model, EncodedDataset data, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var probabilities = new float[data.Count];
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < data.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int size = Math.Min(batchSize, data.Count - start);
                var ids = data.Ids.narrow(0, start, size);
                var targets = data.Targets.narrow(0, start, size);
                var logits = model.forward(ids);
                lossSum += nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.gt(0).eq(targets.gt(0.5)).sum().item<long>();
                logits.sigmoid().data<float>().CopyTo(probabilities, start);
            }
            return data.Count == 0
                ? new Evaluation(double.NaN, double.NaN, probabilities)
                : new Evaluation(lossSum / data.Count, (double)correct / data.Count, probabilities);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
