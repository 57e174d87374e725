using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Lexicon;

public sealed class SentimentLexiconTests
{
    [Test]
    public void Entries_are_keyed_by_our_tokens_scaled_to_plus_minus_one_and_faces_sharing_a_token_are_averaged()
    {
        var lexicon = SentimentLexicon.Read(new StringReader(
            "Good\t1.9\t0.9\t[2, 2]\n:)\t2.0\t0.6\t[2]\n:-)\t1.0\t0.6\t[1]\nfuck off\t-3.0\t1.0\t[-3]\nlol\t5.5\t0\t[]\n\nsad\t-2.1\t0.9\t[-2]\n"), "test");

        Assert.That(lexicon.Entries, Is.EqualTo(6));
        Assert.That(lexicon.ValenceOf("good"), Is.EqualTo(1.9f / 4).Within(1e-6f), "lower-cased like a tweet");
        Assert.That(lexicon.ValenceOf(TokenizerSpec.SmileToken), Is.EqualTo(1.5f / 4).Within(1e-6f), ":) and :-) are both xxsmile");
        Assert.That(lexicon.ValenceOf("lol"), Is.EqualTo(1f), "clamped to 1");
        Assert.That(lexicon.ValenceOf("sad"), Is.EqualTo(-2.1f / 4).Within(1e-6f));
        Assert.That(lexicon.Contains("fuck"), Is.False, "an entry of two tokens is left out");
        Assert.That(lexicon.ValenceOf("unrated"), Is.Zero);
        Assert.That(lexicon.Tokens, Is.EqualTo(new[] { "good", TokenizerSpec.SmileToken, "lol", "sad" }));
    }

    [TestCase("good 1.9\n", 1)]
    [TestCase("good\t1.9\nbad\tvery\n", 2)]
    [TestCase("good\t1.9\n\tnothing\n", 2)]
    public void A_line_that_is_not_a_token_and_a_rating_is_an_error_naming_the_line(string text, int line)
    {
        Assert.That(() => SentimentLexicon.Read(new StringReader(text), "my-lexicon.txt"),
            Throws.TypeOf<DataException>().With.Message.Contains($"my-lexicon.txt, line {line}"));
    }

    [Test]
    public void An_empty_or_missing_file_is_an_error()
    {
        Assert.That(() => SentimentLexicon.Read(new StringReader("\n\n"), "empty.txt"), Throws.TypeOf<DataException>().With.Message.Contains("no lexicon entries"));
        Assert.That(() => SentimentLexicon.Read("/no/such/lexicon.txt"), Throws.TypeOf<DataException>().With.Message.Contains("does not exist"));
    }

    [Test]
    public void The_table_lays_the_lexicon_out_by_id_and_the_missing_tokens_come_in_a_fixed_order()
    {
        var lexicon = SentimentLexicon.Read(new StringReader("good\t2\nbad\t-2\nsplendid\t3\n"), "test");
        var vocabulary = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "bad", "the", "not"]);

        var missing = LexiconTable.MissingTokens(vocabulary, lexicon);
        var extended = Vocabulary.FromTokens([.. vocabulary.Tokens, .. missing]);
        var table = LexiconTable.For(extended, lexicon);

        Assert.That(missing.Take(2), Is.EqualTo(new[] { "good", "splendid" }), "rated tokens first, in the lexicon's order");
        Assert.That(missing.Skip(2), Is.EqualTo(NegationRule.Words.Where(word => word != "not").Order(StringComparer.Ordinal)), "then the negations it lacks");
        Assert.That(table.Valences[..6], Is.EqualTo(new[] { 0f, 0f, -0.5f, 0f, 0f, 0.5f }));
        Assert.That(table.Negations[extended.IdOf("not")], Is.EqualTo(1f));
        Assert.That(table.Negations[extended.IdOf("dont")], Is.EqualTo(1f));
        Assert.That(table.Negations[extended.IdOf("bad")], Is.Zero);
        Assert.That(table.RatedTokens, Is.EqualTo(3));
    }

    [Test]
    public void Resolving_vader_before_it_was_downloaded_says_how_to_get_it_and_none_turns_it_off()
    {
        using var temp = new TempDirectory();

        Assert.That(LexiconCatalog.Resolve(null, temp.Path), Is.Null, "no option and nothing downloaded: no lexicon");
        Assert.That(LexiconCatalog.Resolve("none", temp.Path), Is.Null);
        Assert.That(() => LexiconCatalog.Resolve("vader", temp.Path), Throws.TypeOf<DataException>().With.Message.Contains("trainer download lexicon"));
        Assert.That(() => LexiconCatalog.Resolve(temp.File("nope.txt"), temp.Path), Throws.TypeOf<DataException>().With.Message.Contains("neither a file"));

        Directory.CreateDirectory(LexiconCatalog.Folder(temp.Path));
        string downloaded = Path.Combine(LexiconCatalog.Folder(temp.Path), LexiconCatalog.FileName);
        File.WriteAllText(downloaded, "good\t2\n");
        Assert.That(LexiconCatalog.Resolve(null, temp.Path), Is.EqualTo(downloaded), "downloaded: used by default");
        Assert.That(LexiconCatalog.Resolve("VADER", temp.Path), Is.EqualTo(downloaded));
    }
}
