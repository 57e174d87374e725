using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Embeddings;

public sealed class PretrainedVocabularyTests
{
    private static readonly PretrainedEmbeddings Set = new(
        "test",
        ["the", "good", ",", "great", "awful", "n't"],
        [1, 1, 2, 2, 9, 9, 3, 3, 4, 4, 8, 8],
        2);

    [Test]
    public void Learned_tokens_come_first_then_pretrained_training_tokens_then_the_sets_own_words()
    {
        string[][] training = [["good", "lol", "lol", "xyzzy"], ["good", "the", "lol"]];

        var built = PretrainedVocabulary.Build(training, maxTokens: 10, Set);

        // "xyzzy" (once, no vector) is left out; "," and "n't" can never come out of the tokenizer; 👍 means "good".
        Assert.That(built.Vocabulary.Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]", "lol", "good", "the", "👍", "👍👍", "👍👍👍", "great", "awful" }));
        Assert.That(built.LearnedRows, Is.EqualTo(3));
        Assert.That(built.PretrainedVectors, Is.EqualTo(new float[] { 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4 }));
        // 3 of the 7 training-token occurrences (good ×2, the) have a vector.
        Assert.That(built.Coverage, Is.EqualTo(3.0 / 7).Within(1e-12));
    }

    [Test]
    public void The_size_limit_cuts_the_sets_own_words_first()
    {
        string[][] training = [["good", "lol", "lol"]];

        var built = PretrainedVocabulary.Build(training, maxTokens: 5, Set);

        Assert.That(built.Vocabulary.Tokens, Is.EqualTo(new[] { "[PAD]", "[UNK]", "lol", "good", "👍" }));
    }

    [Test]
    public void Frozen_pretrained_rows_stay_exactly_as_loaded_after_a_training_step_while_learned_rows_move()
    {
        var built = PretrainedVocabulary.Build([["lol", "lol", "good"]], maxTokens: 6, Set);
        var options = new ModelOptions
        {
            VocabularySize = built.Vocabulary.Count,
            PretrainedRows = built.Vocabulary.Count - built.LearnedRows,
            SequenceLength = 4,
            EmbeddingDim = 2,
            LstmUnits = 3,
        };
        manual_seed(1);
        using var model = new SentimentModel(options, built.PretrainedVectors);
        float[] before = model.ExportWeights().Embedding;

        var parameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = optim.Adam(parameters, 0.1);
        int lol = built.Vocabulary.IdOf("lol");
        int good = built.Vocabulary.IdOf("good");
        using var ids = tensor(new long[] { lol, good, 0, 0, good, lol, 0, 0 }, [2, 4]);
        using var targets = tensor(new float[] { 1, 0 });
        optimizer.zero_grad();
        using var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(ids), targets);
        loss.backward();
        optimizer.step();
        float[] after = model.ExportWeights().Embedding;

        int dimension = options.EmbeddingDim;
        Assert.That(after[(good * dimension)..((good + 1) * dimension)], Is.EqualTo(Set.VectorOf("good").ToArray()), "frozen pretrained row");
        Assert.That(after[(good * dimension)..], Is.EqualTo(before[(good * dimension)..]));
        Assert.That(after[(lol * dimension)..((lol + 1) * dimension)], Is.Not.EqualTo(before[(lol * dimension)..((lol + 1) * dimension)]), "learned row");
        Assert.That(after[..dimension], Is.EqualTo(new float[dimension]), "padding stays zero");
    }

    [Test]
    public void Fine_tuned_pretrained_rows_move_with_training()
    {
        var built = PretrainedVocabulary.Build([["lol", "lol", "good"]], maxTokens: 6, Set);
        var options = new ModelOptions
        {
            VocabularySize = built.Vocabulary.Count,
            PretrainedRows = built.Vocabulary.Count - built.LearnedRows,
            FineTunePretrained = true,
            SequenceLength = 4,
            EmbeddingDim = 2,
            LstmUnits = 3,
        };
        manual_seed(1);
        using var model = new SentimentModel(options, built.PretrainedVectors);
        var parameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = optim.Adam(parameters, 0.1);
        long good = built.Vocabulary.IdOf("good");
        using var ids = tensor(new long[] { good, 0, 0, 0 }, [1, 4]);
        using var targets = tensor(new float[] { 1 });
        optimizer.zero_grad();
        using var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(ids), targets);
        loss.backward();
        optimizer.step();

        float[] row = model.ExportWeights().Embedding[(int)(good * 2)..(int)(good * 2 + 2)];
        Assert.That(row, Is.Not.EqualTo(Set.VectorOf("good").ToArray()));
    }
}
