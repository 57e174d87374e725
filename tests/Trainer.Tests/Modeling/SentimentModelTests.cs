using TorchSharp;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class SentimentModelTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void The_same_tweet_padded_to_different_lengths_gets_the_same_probability(bool bidirectional)
    {
        torch.manual_seed(7);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = 50, SequenceLength = 12, Bidirectional = bidirectional });
        long[] tokens = [5, 9, 1, 33, 2];

        float[] probabilities = [.. new[] { 5, 6, 12, 40 }.Select(length =>
        {
            long[] padded = new long[length];
            tokens.CopyTo(padded, 0);
            using var ids = tensor(padded, dtype: int64).view(1, length);
            return model.PredictProbabilities(ids)[0];
        })];

        Assert.That(probabilities, Has.All.EqualTo(probabilities[0]).Within(1e-6f));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_short_tweet_gets_the_same_probability_alone_and_beside_a_longer_one(bool bidirectional)
    {
        torch.manual_seed(8);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = 50, SequenceLength = 10, Bidirectional = bidirectional });
        using var alone = tensor(new long[] { 5, 9, 0, 0, 0, 0, 0, 0, 0, 0 }, dtype: int64).view(1, 10);
        using var beside = tensor(new long[]
        {
            5, 9, 0, 0, 0, 0, 0, 0, 0, 0,
            7, 3, 22, 41, 8, 8, 12, 30, 2, 0,
        }, dtype: int64).view(2, 10);

        float aloneProbability = model.PredictProbabilities(alone)[0];
        float[] besideProbabilities = model.PredictProbabilities(beside);

        Assert.That(besideProbabilities[0], Is.EqualTo(aloneProbability).Within(1e-6f));
        Assert.That(besideProbabilities[1], Is.Not.EqualTo(aloneProbability).Within(1e-6f));
    }

    [Test]
    public void An_empty_row_is_read_as_one_padding_step()
    {
        torch.manual_seed(3);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = 20, SequenceLength = 4, Bidirectional = true });
        using var empty = zeros(2, 4, dtype: int64);

        float[] probabilities = model.PredictProbabilities(empty);

        Assert.That(probabilities, Has.All.GreaterThan(0f).And.LessThan(1f));
        Assert.That(probabilities[0], Is.EqualTo(probabilities[1]));
    }
}
