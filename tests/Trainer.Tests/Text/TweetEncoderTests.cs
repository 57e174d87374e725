using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Text;

public sealed class TweetEncoderTests
{
    private static readonly string[] Texts = LoadSampleTexts();

    private static string[] LoadSampleTexts()
    {
        var data = DefaultData.Load(DataReadOptions.Default, CancellationToken.None, Path.GetTempPath());
        // Several chunks' worth, so the parallel path really splits the work.
        return [.. Enumerable.Repeat(data.Tweets.Select(t => t.Text), 4).SelectMany(t => t)];
    }

    [Test]
    public void Parallel_tokenizing_gives_the_one_by_one_result_in_input_order()
    {
        var tokens = TweetEncoder.Tokenize(Texts, threads: 4, CancellationToken.None);

        Assert.That(tokens, Has.Length.EqualTo(Texts.Length));
        Assert.That(tokens.Select(t => string.Join('|', t)), Is.EqualTo(Texts.Select(t => string.Join('|', TweetTokenizer.Default.Tokenize(t)))));
    }

    [Test]
    public void Encoding_is_identical_for_any_thread_count_and_matches_the_vocabulary_row_by_row()
    {
        var tokens = TweetEncoder.Tokenize(Texts, threads: 0, CancellationToken.None);
        var vocabulary = Vocabulary.Build(tokens, maxTokens: 500);

        long[] one = TweetEncoder.Encode(tokens, vocabulary, sequenceLength: 12, threads: 1, CancellationToken.None);
        long[] many = TweetEncoder.Encode(tokens, vocabulary, sequenceLength: 12, threads: 3, CancellationToken.None);
        long[] fused = TweetEncoder.TokenizeAndEncode(Texts, vocabulary, sequenceLength: 12, threads: 2, CancellationToken.None);

        Assert.That(many, Is.EqualTo(one));
        Assert.That(fused, Is.EqualTo(one));
        Assert.That(one, Has.Length.EqualTo(Texts.Length * 12));
        Assert.That(one.AsSpan(12 * 777, 12).ToArray(), Is.EqualTo(vocabulary.Encode(tokens[777], 12)));
    }

    [Test]
    public void No_texts_give_no_ids()
    {
        Assert.That(TweetEncoder.TokenizeAndEncode([], Vocabulary.Build([], 3), 5, 0, CancellationToken.None), Is.Empty);
    }

    [Test]
    public void A_cancelled_run_stops()
    {
        Assert.Throws<OperationCanceledException>(() => TweetEncoder.Tokenize(Texts, 2, new CancellationToken(canceled: true)));
    }
}
