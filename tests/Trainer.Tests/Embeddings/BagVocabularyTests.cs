using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Embeddings;

public sealed class BagVocabularyTests
{
    private static readonly PretrainedEmbeddings Vectors = new(
        "test", ["the", ",", "good", "bad", "smile", "sad", "rare", "splendid", "n't", "dont"],
        [
            1, 0, 2, 2, 3, 3, 4, 4, 5, 5,
            6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        ],
        dimension: 2);

    [Test]
    public void The_LSTMs_ids_stay_and_the_bags_own_words_follow_in_a_fixed_order()
    {
        // The LSTM knows [PAD] [UNK] good day; training also saw "bad" (twice) and "rare" and the placeholder xxsmile.
        var lstm = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "good", "day"]);
        IReadOnlyList<string>[] training = [["good", "bad", "day"], ["bad", "rare", "xxsmile"], ["zzz"]];

        var bag = BagVocabulary.Build(lstm, training, Vectors, extraWords: 4);

        Assert.That(bag.Vocabulary.Tokens.Take(4), Is.EqualTo(lstm.Tokens), "the LSTM's ids do not move");
        // Training tokens with a vector by frequency, then placeholders and emoji whose word has a vector (ordinal
        // order), then the tokenizer-producible words among the set's first 4 (",": punctuation, is not one).
        string[] meanings = [.. TokenMeanings.All.Where(pair => Vectors.Contains(pair.Value) && pair.Key != "xxsmile").Select(pair => pair.Key).Order(StringComparer.Ordinal)];
        Assert.That(meanings, Does.Contain("xxsad").And.Contain("\U0001F642").And.Contain("\U0001F44D"), "🙂 means smile, 👍 good");
        string[] expected = ["bad", "rare", "xxsmile", .. meanings, "the"];
        Assert.That(bag.Vocabulary.Tokens.Skip(4), Is.EqualTo(expected));
        Assert.That(bag.BagOnlyRows, Is.EqualTo(4 + meanings.Length));
        Assert.That(bag.Vectors, Has.Length.EqualTo(bag.Vocabulary.Count * 2));
        Assert.That(Row(bag, "good"), Is.EqualTo(new float[] { 3, 3 }));
        Assert.That(Row(bag, "xxsmile"), Is.EqualTo(new float[] { 5, 5 }), "a placeholder gets its word's vector");
        Assert.That(Row(bag, "day"), Is.EqualTo(new float[] { 0, 0 }), "no vector: a zero row");
        Assert.That(Row(bag, Vocabulary.PaddingToken), Is.EqualTo(new float[] { 0, 0 }));
        Assert.That(bag.Facts.VocabularyRows, Is.EqualTo(5 + meanings.Length), "good, bad, rare, xxsmile, the and the meanings");
        Assert.That(bag.Facts.Coverage, Is.EqualTo(5.0 / 7).Within(1e-12), "good, bad ×2, rare, xxsmile of 7 occurrences; day and zzz have none");
    }

    [Test]
    public void A_spelling_the_vocabulary_already_resolves_keeps_its_id()
    {
        // "don’t" is an alias of dont; the set holding "dont" must not give it a second id.
        var lstm = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "dont"]);

        var bag = BagVocabulary.Build(lstm, [["dont"]], Vectors, extraWords: 100);

        Assert.That(bag.Vocabulary.Tokens.Count(token => token == "dont"), Is.EqualTo(1));
        Assert.That(bag.Vocabulary.IdOf("don\u2019t"), Is.EqualTo(2));
        Assert.That(bag.Vocabulary.Tokens, Does.Not.Contain("n't").And.Not.Contain(","));
    }

    private static float[] Row(BagVocabulary bag, string token)
    {
        int id = bag.Vocabulary.IdOf(token);
        return bag.Vectors[(id * 2)..((id * 2) + 2)];
    }
}
