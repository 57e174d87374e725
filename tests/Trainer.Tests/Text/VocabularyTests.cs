using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Text;

public sealed class VocabularyTests
{
    private static readonly string[][] Corpus =
    [
        ["good", "day", "good"],
        ["bad", "day"],
        ["good", "night", "zebra"],
        ["apple", "night"],
    ];

    [Test]
    public void Padding_and_out_of_vocabulary_come_first()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        Assert.That(vocabulary.Tokens[Vocabulary.PaddingId], Is.EqualTo("[PAD]"));
        Assert.That(vocabulary.Tokens[Vocabulary.OutOfVocabularyId], Is.EqualTo("[UNK]"));
        Assert.That(Vocabulary.PaddingId, Is.Zero);
        Assert.That(Vocabulary.OutOfVocabularyId, Is.EqualTo(1));
    }

    [Test]
    public void Tokens_are_ordered_by_frequency_with_ties_in_ordinal_order()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        // good ×3; day, night ×2; apple, bad, zebra ×1.
        Assert.That(vocabulary.Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]", "good", "day", "night", "apple", "bad", "zebra" }));
    }

    [Test]
    public void Ties_are_broken_ordinally_not_by_culture()
    {
        var vocabulary = Vocabulary.Build([["b", "B", "\u00e9", "a", "Z"]], maxTokens: 100);

        Assert.That(vocabulary.Tokens.Skip(2), Is.EqualTo(new[] { "B", "Z", "a", "b", "\u00e9" }));
    }

    [Test]
    public void The_maximum_size_counts_the_two_special_tokens()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 4);

        Assert.That(vocabulary.Count, Is.EqualTo(4));
        Assert.That(vocabulary.Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]", "good", "day" }));
    }

    [Test]
    public void Tokens_below_the_minimum_count_are_left_out()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100, minCount: 2);

        Assert.That(vocabulary.Tokens.Skip(2), Is.EqualTo(new[] { "good", "day", "night" }));
    }

    [Test]
    public void A_maximum_below_three_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Corpus, maxTokens: 2));

    [Test]
    public void An_empty_corpus_gives_only_the_special_tokens() =>
        Assert.That(Vocabulary.Build([], maxTokens: 10).Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]" }));

    [Test]
    public void Unknown_tokens_and_the_special_names_map_to_out_of_vocabulary()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        Assert.That(vocabulary.IdOf("good"), Is.EqualTo(2));
        Assert.That(vocabulary.IdOf("never-seen"), Is.EqualTo(Vocabulary.OutOfVocabularyId));
        Assert.That(vocabulary.IdOf("Good"), Is.EqualTo(Vocabulary.OutOfVocabularyId));
        // The special names are not real tokens: text "[PAD]" must not become padding.
        Assert.That(vocabulary.IdOf("[PAD]"), Is.EqualTo(Vocabulary.OutOfVocabularyId));
    }

    [Test]
    public void Short_sequences_are_padded_with_zeros_at_the_end()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        Assert.That(vocabulary.Encode(["good", "mystery", "day"], sequenceLength: 6), Is.EqualTo(new long[] { 2, 1, 3, 0, 0, 0 }));
    }

    [Test]
    public void Long_sequences_keep_their_first_tokens()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        Assert.That(vocabulary.Encode(["night", "good", "day", "bad"], sequenceLength: 2), Is.EqualTo(new long[] { 4, 2 }));
    }

    [Test]
    public void Encoding_into_a_used_buffer_clears_what_was_there()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);
        long[] buffer = [9, 9, 9, 9];

        vocabulary.EncodeInto(["day"], buffer);

        Assert.That(buffer, Is.EqualTo(new long[] { 3, 0, 0, 0 }));
    }

    [Test]
    public void No_tokens_encode_to_all_padding()
    {
        var vocabulary = Vocabulary.Build(Corpus, maxTokens: 100);

        Assert.That(vocabulary.Encode([], sequenceLength: 3), Is.EqualTo(new long[] { 0, 0, 0 }));
    }

    [TestFixture]
    public sealed class Files
    {
        private string _directory = "";

        [SetUp]
        public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("vocab-").FullName;

        [TearDown]
        public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

        [Test]
        public void A_saved_vocabulary_loads_back_identically_with_unicode_tokens()
        {
            var vocabulary = Vocabulary.Build([["caf\u00e9", "\U0001F600", "!", "xxurl", "dont"], ["!"]], maxTokens: 100);
            string path = Path.Combine(_directory, "vocabulary.txt");

            vocabulary.Save(path);
            var loaded = Vocabulary.Load(path);

            Assert.That(loaded.Tokens, Is.EqualTo(vocabulary.Tokens));
            Assert.That(loaded.IdOf("\U0001F600"), Is.EqualTo(vocabulary.IdOf("\U0001F600")));
        }

        [Test]
        public void The_file_has_one_token_per_line_in_id_order_without_a_byte_order_mark()
        {
            string path = Path.Combine(_directory, "vocabulary.txt");

            Vocabulary.Build([["b", "a", "a"]], maxTokens: 10).Save(path);

            Assert.That(File.ReadAllBytes(path), Is.EqualTo("[PAD]\n[UNK]\na\nb\n"u8.ToArray()));
        }

        [Test]
        public void A_file_that_does_not_start_with_the_special_tokens_is_rejected()
        {
            string path = Path.Combine(_directory, "bad.txt");
            File.WriteAllText(path, "good\nbad\n");

            var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));

            Assert.That(error?.Message, Does.Contain("[PAD]"));
        }

        [Test]
        public void A_file_listing_a_token_twice_is_rejected()
        {
            string path = Path.Combine(_directory, "twice.txt");
            File.WriteAllText(path, "[PAD]\n[UNK]\ngood\nbad\ngood\n");

            var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));

            Assert.That(error?.Message, Does.Contain("good").And.Contain("twice"));
        }

        [Test]
        public void An_empty_file_is_rejected()
        {
            string path = Path.Combine(_directory, "empty.txt");
            File.WriteAllText(path, "");

            Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path));
        }
    }

    [Test]
    public void A_contraction_with_the_typographic_apostrophe_has_the_id_of_its_apostrophe_free_token()
    {
        var vocabulary = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "dont", "its", "im", "stop", "can\u2019t", "cant"]);

        Assert.That(vocabulary.IdOf("don\u2019t"), Is.EqualTo(vocabulary.IdOf("dont")));
        Assert.That(vocabulary.IdOf("it\u2019s"), Is.EqualTo(vocabulary.IdOf("its")));
        Assert.That(vocabulary.IdOf("i\u2019m"), Is.EqualTo(vocabulary.IdOf("im")));
        Assert.That(vocabulary.IdOf("can\u2019t"), Is.EqualTo(6), "a spelling the vocabulary holds keeps its own id");
        Assert.That(vocabulary.IdOf("won\u2019t"), Is.EqualTo(Vocabulary.OutOfVocabularyId), "no wont, no alias");
        Assert.That(vocabulary.IdOf("sto\u2019p"), Is.EqualTo(Vocabulary.OutOfVocabularyId), "only contractions");
        Assert.That(vocabulary.Aliases.Select(alias => alias.Key), Is.EquivalentTo(new[] { "don\u2019t", "it\u2019s", "i\u2019m" }));
        Assert.That(vocabulary.Count, Is.EqualTo(8), "aliases are not tokens");
    }
}
