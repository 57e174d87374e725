using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// The exported graph, executed by TensorFlow.js (Google's kernels, not ours), computes what the C# pipeline
/// computes: identical token ids, and probabilities within 1e-5 of TorchSharp's.
/// </summary>
public sealed class TensorFlowJsParityTests : IDisposable
{
    private readonly TempDirectory _exports = new();

    [OneTimeSetUp]
    public void InstallTensorFlowJs() => NodeHarness.EnsureInstalled();

    public void Dispose() => _exports.Dispose();

    [Test]
    public void The_hard_corpus_has_at_least_300_distinct_cases()
    {
        var tweets = HardTweets.Load();

        Assert.That(tweets.Distinct(StringComparer.Ordinal).Count(), Is.GreaterThanOrEqualTo(300));
    }

    [TestCase("cpu")]
    [TestCase("wasm")]
    public void Token_ids_and_counts_from_TensorFlow_js_equal_the_csharp_tokenizer_on_every_hard_case(string backend)
    {
        // Arrange: a vocabulary in which a hard case's variants ("\ufeffbom", "bom") have different ids, so a
        // difference cannot hide behind two [UNK]s; the generated tweets past the first 300 bring unknown tokens.
        const int sequenceLength = 12;
        var tweets = HardTweets.Load().Concat(AdversarialTweets.Generate(400, seed: 7)).ToList();
        var vocabulary = DistinguishingVocabulary.Build(tweets.Take(tweets.Count - 100));
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = sequenceLength, EmbeddingDim = 4, LstmUnits = 4 });
        var export = SavedModelExporter.Export(model, vocabulary, _exports.Path, $"tokenizer-{backend}");
        long[,] expected = TrainerReference.TokenIds(vocabulary, tweets, sequenceLength);

        // Act
        var outputs = NodeHarness.Run(export.VersionDirectory, ServingContract.TokenizeSignature, NodeHarness.TextInput(tweets), backend);

        // Assert
        Assert.That(NodeHarness.Shape(outputs, ServingContract.TokenIdsOutput), Is.EqualTo(new[] { tweets.Count, sequenceLength }));
        long[] actual = NodeHarness.Longs(outputs, ServingContract.TokenIdsOutput);
        var mismatches = new List<string>();
        for (int row = 0; row < tweets.Count; row++)
        {
            long[] want = [.. Enumerable.Range(0, sequenceLength).Select(j => expected[row, j])];
            long[] got = actual.AsSpan(row * sequenceLength, sequenceLength).ToArray();
            if (!want.SequenceEqual(got))
                mismatches.Add($"{System.Text.Json.JsonSerializer.Serialize(tweets[row])}: C# [{string.Join(' ', want)}] vs TF.js [{string.Join(' ', got)}]");
        }
        Assert.That(mismatches, Is.Empty, string.Join('\n', mismatches.Take(20)));

        // token_count: the tokens before the sequence-length cut, as TweetTokenizer counts them.
        Assert.That(NodeHarness.Shape(outputs, ServingContract.TokenCountOutput), Is.EqualTo(new[] { tweets.Count }));
        long[] counts = NodeHarness.Longs(outputs, ServingContract.TokenCountOutput);
        var wrongCounts = Enumerable.Range(0, tweets.Count)
            .Where(row => counts[row] != TweetTokenizer.Default.Tokenize(tweets[row]).Count)
            .Select(row => $"{System.Text.Json.JsonSerializer.Serialize(tweets[row])}: C# {TweetTokenizer.Default.Tokenize(tweets[row]).Count} vs TF.js {counts[row]}")
            .ToList();
        Assert.That(wrongCounts, Is.Empty, string.Join('\n', wrongCounts.Take(20)));
        Assert.That(Enumerable.Range(0, tweets.Count).Count(row => counts[row] > sequenceLength), Is.GreaterThan(10), "over-long tweets are counted past the cut");

        // The corpus must exercise truncation, out-of-vocabulary tokens, padding and empty rows.
        var rows = Enumerable.Range(0, tweets.Count).Select(r => Enumerable.Range(0, sequenceLength).Select(j => expected[r, j]).ToArray()).ToList();
        Assert.That(tweets.Count(t => TweetTokenizer.Default.Tokenize(t).Count > sequenceLength), Is.GreaterThan(10));
        Assert.That(rows.Count(r => r.Contains(Vocabulary.OutOfVocabularyId)), Is.GreaterThan(10));
        Assert.That(rows.Count(r => r.All(id => id == Vocabulary.PaddingId)), Is.GreaterThan(10));
    }

    [TestCase("cpu")]
    [TestCase("wasm")]
    public void Contractions_typed_with_the_typographic_apostrophe_get_the_apostrophe_free_ids_in_TensorFlow_js(string backend)
    {
        var vocabulary = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "dont", "its", "im", "stop", "youre", "fine"]);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 6, EmbeddingDim = 4, LstmUnits = 4 });
        var export = SavedModelExporter.Export(model, vocabulary, _exports.Path, $"contractions-{backend}");
        string[] tweets = ["Don\u2019t stop", "it\u2019s fine, I\u2019m fine", "you\u2019re", "won\u2019t stop", "don't stop", "sto\u2019p"];

        var outputs = NodeHarness.Run(export.VersionDirectory, ServingContract.TokenizeSignature, NodeHarness.TextInput(tweets), backend);

        long[] actual = NodeHarness.Longs(outputs, ServingContract.TokenIdsOutput);
        long[,] expected = TrainerReference.TokenIds(vocabulary, tweets, 6);
        Assert.That(actual, Is.EqualTo(expected.Cast<long>().ToArray()));
        Assert.That(actual[..2], Is.EqualTo(new long[] { vocabulary.IdOf("dont"), vocabulary.IdOf("stop") }));
        Assert.That(actual[6..10], Is.EqualTo(new long[] { vocabulary.IdOf("its"), vocabulary.IdOf("fine"), vocabulary.IdOf("im"), vocabulary.IdOf("fine") }));
    }

    [TestCase(false, "cpu")]
    [TestCase(true, "cpu")]
    [TestCase(false, "wasm")]
    [TestCase(true, "wasm")]
    public void Probabilities_from_TensorFlow_js_match_TorchSharp_within_1e_5_on_1000_tweets(bool bidirectional, string backend)
    {
        // Arrange: a model that has learned the task, its export, and tweets it has not seen.
        var model = bidirectional ? TinyModels.Bidirectional : TinyModels.Plain;
        Assert.That(model.TestAccuracy, Is.GreaterThan(0.9), "the test model did not learn; parity on it would prove little");
        var tweets = HardTweets.Load().Concat(TinyTweets.Generate(1000, seed: 99).Select(t => t.Text)).ToList();
        float[] expected = model.Predict(tweets);

        // Act
        var outputs = NodeHarness.Run(model.SavedModelDirectory, ServingContract.ServingSignature, NodeHarness.TextInput(tweets), backend);

        // Assert
        float[] probabilities = NodeHarness.Floats(outputs, ServingContract.ProbabilityOutput);
        string[] labels = NodeHarness.Strings(outputs, ServingContract.LabelOutput);
        Assert.That(NodeHarness.Shape(outputs, ServingContract.ProbabilityOutput), Is.EqualTo(new[] { tweets.Count }));
        Assert.That(NodeHarness.Shape(outputs, ServingContract.LabelOutput), Is.EqualTo(new[] { tweets.Count }));
        double worst = probabilities.Zip(expected).Max(pair => Math.Abs(pair.First - pair.Second));
        TestContext.Out.WriteLine($"{(bidirectional ? "bidirectional" : "unidirectional")}, {backend}: max |TF.js - TorchSharp| = {worst:E2} over {tweets.Count} tweets");
        Assert.That(probabilities, Is.EqualTo(expected).Within(1e-5f));
        Assert.That(labels, Is.EqualTo(probabilities.Select(p => p > 0.5f ? ServingContract.PositiveLabel : ServingContract.NegativeLabel).ToArray()));
        Assert.That(expected.Count(p => p > 0.5f), Is.InRange(tweets.Count / 5, tweets.Count * 4 / 5), "both labels should occur");
    }

    [TestCase("cpu")]
    [TestCase("wasm")]
    public void With_a_lexicon_probabilities_from_TensorFlow_js_match_TorchSharp_within_1e_5(string backend)
    {
        // Arrange: the hard cases hold negations at every distance from a rated word, and emoticons.
        var model = TinyModels.Lexicon;
        Assert.That(model.TestAccuracy, Is.GreaterThan(0.9), "the test model did not learn; parity on it would prove little");
        var tweets = HardTweets.Load().Concat(TinyTweets.Generate(500, seed: 98).Select(t => t.Text)).ToList();
        float[] expected = model.Predict(tweets);

        // Act
        var outputs = NodeHarness.Run(model.SavedModelDirectory, ServingContract.ServingSignature, NodeHarness.TextInput(tweets), backend);

        // Assert
        float[] probabilities = NodeHarness.Floats(outputs, ServingContract.ProbabilityOutput);
        double worst = probabilities.Zip(expected).Max(pair => Math.Abs(pair.First - pair.Second));
        TestContext.Out.WriteLine($"lexicon, {backend}: max |TF.js - TorchSharp| = {worst:E2} over {tweets.Count} tweets");
        Assert.That(probabilities, Is.EqualTo(expected).Within(1e-5f));
    }

    [Test]
    public void A_batch_of_only_empty_tweets_gets_the_probability_of_one_padding_step()
    {
        var model = TinyModels.Bidirectional;
        string[] tweets = ["", " ", "\t\n"];
        float[] expected = model.Predict(tweets);

        var outputs = NodeHarness.Run(model.SavedModelDirectory, ServingContract.ServingSignature, NodeHarness.TextInput(tweets));

        Assert.That(NodeHarness.Floats(outputs, ServingContract.ProbabilityOutput), Is.EqualTo(expected).Within(1e-5f));
    }

    [Test]
    public void The_harness_reports_an_unknown_signature_with_a_clear_message()
    {
        var (exitCode, _, error) = NodeHarness.TryRun(TinyModels.Plain.SavedModelDirectory, "no_such_signature", NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("no_such_signature").And.Contain("not found"));
    }
}
