using System.Text.Json;
using Google.Protobuf;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// The tokenizer written into an exported saved_model.pb, replayed with RE2 (the regex engine of TensorFlow
/// Serving's StaticRegexReplace kernel) the way TensorFlow's kernels run it, gives the tokens and ids of the C#
/// <see cref="TweetTokenizer"/> and <see cref="Vocabulary"/>. The rules are read from the graph, so whatever
/// <see cref="TokenizerSpec"/> says stays checked; the vocabulary gives a hard case's variants different ids.
/// </summary>
public sealed class Re2TokenizerParityTests : IDisposable
{
    private const int SequenceLength = 12;
    private readonly TempDirectory _exports = new();

    public void Dispose() => _exports.Dispose();

    [Test]
    public void Every_StaticRegexReplace_pattern_of_the_export_compiles_in_RE2()
    {
        var tokenizer = ExportTokenizer(Vocabulary.Build([["good"]], maxTokens: 10), "compile");

        var (exitCode, error, rows) = Re2Harness.TryRun(tokenizer, []);

        Assert.That(tokenizer.Steps.Count(s => s.Op == ExportedTokenizerStep.StaticRegexReplace), Is.EqualTo(TokenizerSpec.Rules.Count));
        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Is.Empty);
        Assert.That(rows, Is.Empty);
    }

    [Test]
    public void The_tokenizer_read_back_from_the_graph_is_the_spec_in_order_with_the_vocabulary_table()
    {
        var vocabulary = Vocabulary.Build([["good", "bad", "good"], ["day"]], maxTokens: 10);

        var tokenizer = ExportTokenizer(vocabulary, "read-back");

        Assert.That(tokenizer.Steps[0].Op, Is.EqualTo(ExportedTokenizerStep.StringLower));
        Assert.That(tokenizer.Steps[0].Encoding, Is.EqualTo(ByteString.Empty));
        var regexSteps = tokenizer.Steps.Where(s => s.Op == ExportedTokenizerStep.StaticRegexReplace).ToList();
        Assert.That(regexSteps.Select(s => (s.Pattern.ToStringUtf8(), s.Rewrite.ToStringUtf8(), s.ReplaceGlobal)),
            Is.EqualTo(TokenizerSpec.Rules.Select(r => (r.Pattern, r.Replacement, true))));
        Assert.That(tokenizer.Delimiter.ToStringUtf8(), Is.EqualTo(TokenizerSpec.Separator.ToString()));
        Assert.That(tokenizer.SkipEmpty, Is.True);
        Assert.That(tokenizer.Table.Select(e => (e.Key.ToStringUtf8(), e.Id)),
            Is.EquivalentTo(new[] { ("", 0L), ("good", 2L), ("bad", 3L), ("day", 4L) }));
        Assert.That(tokenizer.DefaultId, Is.EqualTo(Vocabulary.OutOfVocabularyId));
        Assert.That(tokenizer.SequenceLength, Is.EqualTo(SequenceLength));
    }

    [Test]
    public void The_harness_follows_the_kernels_on_hand_made_cases()
    {
        // Replace (not global) rewrites the first match only; StringLower "" leaves É alone; "" looks up as padding.
        var tokenizer = new ExportedTokenizer(
            [
                new ExportedTokenizerStep("lower", ExportedTokenizerStep.StringLower, ByteString.Empty, ByteString.Empty, ByteString.Empty, true),
                new ExportedTokenizerStep("first_a", ExportedTokenizerStep.StaticRegexReplace, ByteString.Empty, ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("b"), false),
                new ExportedTokenizerStep("x_runs", ExportedTokenizerStep.StaticRegexReplace, ByteString.Empty, ByteString.CopyFromUtf8("x+"), ByteString.CopyFromUtf8("-"), true),
            ],
            ByteString.CopyFromUtf8(" "), SkipEmpty: true,
            [(ByteString.Empty, 0), (ByteString.CopyFromUtf8("b"), 2), (ByteString.CopyFromUtf8("Éb"), 3), (ByteString.CopyFromUtf8("-y-"), 4)],
            DefaultId: 1, SequenceLength: 4);

        var rows = Re2Harness.Run(tokenizer, ["A  a", "ÉA", "", "XxyX x"]);

        Assert.That(rows.Select(r => r.Tokens), Is.EqualTo(new[] { new[] { "b", "a" }, ["Éb"], [], ["-y-", "-"] }));
        Assert.That(rows.Select(r => r.Ids), Is.EqualTo(new[] { new long[] { 2, 1, 0, 0 }, [3, 0, 0, 0], [0, 0, 0, 0], [4, 1, 0, 0] }));
    }

    [Test]
    public void The_harness_names_every_rule_RE2_cannot_compile()
    {
        var exported = ExportTokenizer(Vocabulary.Build([["good"]], maxTokens: 10), "bad-rules");
        // Valid .NET patterns that RE2 rejects: a lookahead, a backreference and a possessive quantifier.
        var tokenizer = exported with
        {
            Steps =
            [
                .. exported.Steps,
                Rule("rule_lookahead", "not(?= happy)", ""),
                Rule("rule_backreference", @"(\w)\1{2,}", "$1"),
                Rule("rule_possessive", "a++", "a"),
            ],
        };

        var (exitCode, error, _) = Re2Harness.TryRun(tokenizer, ["not happy"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("rule_lookahead").And.Contain("rule_backreference").And.Contain("rule_possessive").And.Contain("does not compile in RE2"));
        Assert.That(error, Does.Not.Contain(exported.Steps[^1].Node));
    }

    [Test]
    public void RE2_gives_the_csharp_tokens_and_ids_on_every_hard_case()
    {
        var tweets = HardTweets.Load();
        var vocabulary = DistinguishingVocabulary.Build(tweets);
        var tokenizer = ExportTokenizer(vocabulary, "hard");

        var mismatches = Mismatches(vocabulary, tokenizer, tweets);

        Assert.That(mismatches, Is.Empty, string.Join('\n', mismatches.Take(20)));
        // The vocabulary must separate what a decoder could merge, and know every C# token of the corpus.
        Assert.That(vocabulary.IdOf("\uFEFFbom"), Is.Not.EqualTo(vocabulary.IdOf("bom")));
        Assert.That(new[] { vocabulary.IdOf("\uFEFFbom"), vocabulary.IdOf("bom") }, Has.None.EqualTo(Vocabulary.OutOfVocabularyId));
        Assert.That(tweets.SelectMany(TweetTokenizer.Default.Tokenize).Where(t => vocabulary.IdOf(t) == Vocabulary.OutOfVocabularyId), Is.Empty);
    }

    [Test]
    public void RE2_gives_the_csharp_tokens_and_ids_on_5000_generated_tweets()
    {
        // The vocabulary knows the first 4000 tweets' tokens and variants; the last 1000 bring unknown tokens too.
        var tweets = AdversarialTweets.Generate(5000, seed: 20261203);
        var vocabulary = DistinguishingVocabulary.Build(tweets.Take(4000));
        var tokenizer = ExportTokenizer(vocabulary, "generated");

        var mismatches = Mismatches(vocabulary, tokenizer, tweets);

        TestContext.Out.WriteLine($"{tweets.Count} tweets, {tweets.Sum(t => TweetTokenizer.Default.Tokenize(t).Count)} tokens, vocabulary of {vocabulary.Count}, {mismatches.Count} differ");
        Assert.That(mismatches, Is.Empty, $"{mismatches.Count} of {tweets.Count} differ:\n{string.Join('\n', mismatches.Take(20))}");
        var rows = tweets.Select(t => vocabulary.Encode(TweetTokenizer.Default.Tokenize(t), SequenceLength)).ToList();
        Assert.That(rows.Count(r => r.Contains(Vocabulary.OutOfVocabularyId)), Is.GreaterThan(100), "unknown tokens");
        Assert.That(tweets.Count(t => TweetTokenizer.Default.Tokenize(t).Count > SequenceLength), Is.GreaterThan(100), "truncated rows");
        Assert.That(rows.Count(r => r.All(id => id == Vocabulary.PaddingId)), Is.GreaterThan(10), "empty rows");
    }

    [Test]
    public void RE2_gives_the_csharp_ids_on_the_graph_of_a_model_with_a_bag_of_vectors()
    {
        // The bag's own words are ids after the LSTM's: the table the graph carries must hold them too.
        var model = TinyModels.Bag;
        var vocabulary = model.Vocabulary;
        var tokenizer = ExportedTokenizer.Read(model.SavedModelDirectory);
        var (checkpoint, _) = model.LoadCheckpoint();
        using var disposeCheckpoint = checkpoint;
        var tweets = HardTweets.Load().Concat(AdversarialTweets.Generate(1000, seed: 5)).Concat(["wonderful day", "a DREADFUL day :(", "meh"]).ToList();

        var mismatches = Mismatches(vocabulary, tokenizer, tweets);

        Assert.That(mismatches, Is.Empty, string.Join('\n', mismatches.Take(20)));
        long wonderful = tokenizer.Table.Single(entry => entry.Key.ToStringUtf8() == "wonderful").Id;
        Assert.That(wonderful, Is.EqualTo(vocabulary.IdOf("wonderful")).And.GreaterThanOrEqualTo(checkpoint.Options.LstmVocabularySize), "a word only the bag knows");
    }

    [Test]
    public void The_check_sees_a_graph_that_tokenizes_differently()
    {
        // Without StringLower the graph keeps capitals: the ids differ (they are not both [UNK]) and the check says so.
        var tweets = HardTweets.Load();
        var vocabulary = DistinguishingVocabulary.Build(tweets);
        var exported = ExportTokenizer(vocabulary, "differs");
        var withoutLower = exported with { Steps = [.. exported.Steps.Where(s => s.Op != ExportedTokenizerStep.StringLower)] };

        var mismatches = Mismatches(vocabulary, withoutLower, tweets);
        var row = Re2Harness.Run(withoutLower, ["LOVE"]).Single();

        Assert.That(mismatches, Has.Count.GreaterThan(10));
        Assert.That(row.Ids[0], Is.EqualTo(vocabulary.IdOf("LOVE")).And.Not.EqualTo(vocabulary.IdOf("love")).And.Not.EqualTo(Vocabulary.OutOfVocabularyId));
    }

    private ExportedTokenizer ExportTokenizer(Vocabulary vocabulary, string name)
    {
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = SequenceLength, EmbeddingDim = 2, LstmUnits = 2 });
        var export = SavedModelExporter.Export(model, vocabulary, _exports.Path, name);
        return ExportedTokenizer.Read(export.VersionDirectory);
    }

    private static ExportedTokenizerStep Rule(string node, string pattern, string rewrite) =>
        new(node, ExportedTokenizerStep.StaticRegexReplace, ByteString.Empty, ByteString.CopyFromUtf8(pattern), ByteString.CopyFromUtf8(rewrite), true);

    /// <summary>One line per text whose RE2 tokens or ids differ from the C# tokenizer's.</summary>
    private static List<string> Mismatches(Vocabulary vocabulary, ExportedTokenizer tokenizer, IReadOnlyList<string> texts)
    {
        var rows = Re2Harness.Run(tokenizer, texts);
        var mismatches = new List<string>();
        for (int i = 0; i < texts.Count; i++)
        {
            var tokens = TweetTokenizer.Default.Tokenize(texts[i]);
            long[] ids = vocabulary.Encode(tokens, tokenizer.SequenceLength);
            if (!tokens.SequenceEqual(rows[i].Tokens, StringComparer.Ordinal) || !ids.SequenceEqual(rows[i].Ids))
            {
                mismatches.Add($"{JsonSerializer.Serialize(texts[i])}: C# {JsonSerializer.Serialize(tokens)} [{string.Join(' ', ids)}] " +
                    $"vs RE2 {JsonSerializer.Serialize(rows[i].Tokens)} [{string.Join(' ', rows[i].Ids)}]");
            }
        }
        return mismatches;
    }
}
