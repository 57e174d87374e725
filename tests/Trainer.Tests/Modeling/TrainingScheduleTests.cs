using TorchSharp;
using TorchSharp.Modules;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

/// <summary>
/// The learning-rate schedule and early stopping against the rule the training loop used to write out with its own
/// counters (kept here as the reference): the same decisions, the same learning rates to the last bit.
/// </summary>
public sealed class TrainingScheduleTests
{
    [TestCase(0.5, 1, 1e-5, 2, 1e-4)]
    [TestCase(0.5, 2, 1e-5, 4, 1e-4)]
    [TestCase(0.1, 1, 5e-4, 5, 0.0)]
    [TestCase(0.3, 3, 1e-3, 3, 0.01)]
    public void ReduceLROnPlateau_and_early_stopping_take_the_old_loops_decisions_bit_for_bit(
        double factor, int learningRatePatience, double minLearningRate, int patience, double minDelta)
    {
        var options = new TrainingLoopOptions
        {
            LearningRate = 0.01,
            LearningRateFactor = factor,
            LearningRatePatience = learningRatePatience,
            MinLearningRate = minLearningRate,
            Patience = patience,
            MinDelta = minDelta,
        };
        var random = new Random(11);
        for (int sequence = 0; sequence < 300; sequence++)
        {
            // Losses that wander, plateau (repeats, steps within minDelta) and now and then improve.
            double[] losses = new double[12];
            double loss = 0.6;
            for (int i = 0; i < losses.Length; i++)
            {
                loss += random.Next(4) switch { 0 => -0.05 * random.NextDouble(), 1 => minDelta * random.NextDouble(), 2 => 0, _ => 0.03 * random.NextDouble() };
                losses[i] = random.Next(40) == 0 ? double.NaN : loss;
            }

            Assert.That(Replay(losses, options), Is.EqualTo(OldLoop(losses, options)), $"losses {string.Join(", ", losses)}");
        }
    }

    [Test]
    public void Early_stopping_puts_back_the_weights_it_kept_and_not_later_ones()
    {
        using var weight = new Parameter(torch.tensor(new[] { 1f, 2f }));
        using var stopping = new EarlyStopping([weight], patience: 1, minDelta: 0);

        bool stopAfterFirst = stopping.ShouldStop(1, 0.5);
        using (torch.no_grad()) weight.add_(10);
        bool stopAfterSecond = stopping.ShouldStop(2, 0.7);
        stopping.RestoreBest();

        Assert.Multiple(() =>
        {
            Assert.That(stopAfterFirst, Is.False);
            Assert.That(stopAfterSecond, Is.True);
            Assert.That(stopping.BestEpoch, Is.EqualTo(1));
            Assert.That(weight.data<float>().ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        });
    }

    /// <summary>The epochs run, their learning rates and the best epoch, as SentimentTrainer.Fit decides them now.</summary>
    private static (List<double> Rates, int BestEpoch) Replay(double[] losses, TrainingLoopOptions options)
    {
        using var weight = new Parameter(torch.zeros(1));
        using var optimizer = torch.optim.Adam([weight], options.LearningRate);
        var schedule = SentimentTrainer.PlateauSchedule(optimizer, options);
        using var stopping = new EarlyStopping([weight], options.Patience, options.MinDelta);
        var rates = new List<double>();
        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            rates.Add(optimizer.ParamGroups.First().LearningRate);
            if (stopping.ShouldStop(epoch, losses[epoch - 1])) break;
            schedule.step(losses[epoch - 1]);
        }
        return (rates, stopping.BestEpoch);
    }

    /// <summary>The loop's own counters, as SentimentTrainer.Fit had them written out before the schedule and EarlyStopping.</summary>
    private static (List<double> Rates, int BestEpoch) OldLoop(double[] losses, TrainingLoopOptions options)
    {
        double learningRate = options.LearningRate;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, epochsSinceBest = 0, epochsSinceReduction = 0;
        var rates = new List<double>();
        for (int epoch = 1; epoch <= losses.Length; epoch++)
        {
            rates.Add(learningRate);
            double loss = losses[epoch - 1];
            if (loss < bestLoss - options.MinDelta)
            {
                bestLoss = loss;
                bestEpoch = epoch;
                epochsSinceBest = 0;
                epochsSinceReduction = 0;
                continue;
            }
            epochsSinceBest++;
            epochsSinceReduction++;
            if (epochsSinceBest >= options.Patience) break;
            if (epochsSinceReduction >= options.LearningRatePatience && learningRate > options.MinLearningRate)
            {
                learningRate = Math.Max(learningRate * options.LearningRateFactor, options.MinLearningRate);
                epochsSinceReduction = 0;
            }
        }
        return (rates, bestEpoch);
    }
}
