using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class CompositeTrainingObserverTests
{
    [Test]
    public void Every_event_reaches_every_observer_in_order()
    {
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        var composite = new CompositeTrainingObserver(first, second);
        var epoch = new EpochResult(1, 0.5, 0.7, 0.6, 0.65, 0.002, 1000, TimeSpan.FromSeconds(1));

        composite.OnDataReadProgress(10, 40);
        composite.OnEpochStarted(1, 4);
        composite.OnBatchCompleted(new BatchProgress(1, 1, 4, 32, TimeSpan.FromMilliseconds(10)));
        composite.OnEpochCompleted(epoch);

        foreach (var observer in new[] { first, second })
        {
            Assert.That(observer.Events, Is.EqualTo(new[] { "epoch 1 of 4 batches", "epoch 1 done" }));
            Assert.That(observer.Batches, Is.EqualTo(1));
            Assert.That(observer.ReadProgress, Is.EqualTo(new[] { (10L, 40L) }));
            Assert.That(observer.Epochs, Is.EqualTo(new[] { epoch }));
        }
    }
}
