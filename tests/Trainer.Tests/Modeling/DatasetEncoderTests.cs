using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class DatasetEncoderTests
{
    [Test]
    public void Parallel_tokenization_gives_the_sequential_result_in_input_order()
    {
        string[] texts = [.. Enumerable.Range(0, 5000).Select(i => $"Tweet {i} is SOOOO good!!! @user{i} http://x.co/{i}")];

        var tokens = DatasetEncoder.Tokenize(texts, CancellationToken.None);

        Assert.That(tokens, Has.Length.EqualTo(texts.Length));
        for (int i = 0; i < texts.Length; i += 499)
        {
            Assert.That(tokens[i], Is.EqualTo(TweetTokenizer.Default.Tokenize(texts[i])));
        }
    }

    [Test]
    public void Encoding_pads_truncates_and_keeps_labels_in_order()
    {
        var vocabulary = Vocabulary.Build([["good", "day"], ["bad"]], maxTokens: 10);
        IReadOnlyList<string>[] tokens = [["good", "day", "good", "unknown"], ["bad"]];

        using var data = DatasetEncoder.Encode(tokens, [1, 0], vocabulary, sequenceLength: 3);

        Assert.That(data.Ids.shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(data.Ids.data<long>().ToArray(), Is.EqualTo(new long[]
        {
            vocabulary.IdOf("good"), vocabulary.IdOf("day"), vocabulary.IdOf("good"),
            vocabulary.IdOf("bad"), 0, 0,
        }));
        Assert.That(data.Targets.data<float>().ToArray(), Is.EqualTo(new[] { 1f, 0f }));
        Assert.That(data.Labels, Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void Token_lists_and_labels_of_different_lengths_are_rejected()
    {
        var vocabulary = Vocabulary.Build([["a"]], maxTokens: 5);

        Assert.Throws<ArgumentException>(() => DatasetEncoder.Encode([["a"]], [1, 0], vocabulary, 4));
    }

    [Test]
    public void Tokenization_can_be_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(() => DatasetEncoder.Tokenize(["a", "b"], cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
