using TorchSharp;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

/// <summary>The bag-of-vectors branch: frozen vectors → mean over the real tokens → dense, its logit a term of the model.</summary>
public sealed class BagOfVectorsModelTests
{
    // Ids: 0 [PAD], 1 [UNK], 2 good, 3 bad, 4 day (the LSTM's); 5 splendid (the bag's own).
    private static readonly float[] Vectors =
    [
        0, 0, 0,
        0, 0, 0,
        1, 2, 0,
        -1, 0, 4,
        0.5f, 0.5f, 0.5f,
        3, -1, 2,
    ];

    private static ModelOptions Options(double lexiconWeight = 0) => new()
    {
        VocabularySize = 6, SequenceLength = 5, EmbeddingDim = 3, LstmUnits = 2, Dropout = 0, BagDim = 3, BagOnlyRows = 1, LexiconWeight = lexiconWeight,
    };

    private static SentimentModel NewModel()
    {
        torch.manual_seed(11);
        var model = new SentimentModel(Options(), bagVectors: Vectors);
        model.FitBag([0.5, -0.25, 1.0], bias: 0.1);
        return model;
    }

    [Test]
    public void The_bag_term_is_the_dense_layer_of_the_mean_of_the_real_tokens_vectors()
    {
        using var model = NewModel();
        // "good bad day [UNK]" then padding: the mean of four rows, [UNK]'s zero row counting (the Keras mask is padding only).
        using var ids = tensor(new long[] { 2, 3, 4, 1, 0, 5, 0, 0, 0, 0 }, [2, 5]);
        double[] mean = [(1 - 1 + 0.5 + 0) / 4, (2 + 0 + 0.5 + 0) / 4, (0 + 4 + 0.5 + 0) / 4];
        double expected = (0.5 * mean[0]) - (0.25 * mean[1]) + (1.0 * mean[2]) + 0.1;
        double expectedOwn = (0.5 * 3) - (0.25 * -1) + (1.0 * 2) + 0.1;

        using var terms = model.TermLogits(ids);
        float[] values = terms.data<float>().ToArray();

        Assert.That(terms.shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(values[2], Is.EqualTo(expected).Within(1e-6));
        Assert.That(values[5], Is.EqualTo(expectedOwn).Within(1e-6), "a word only the bag knows has its vector");
        Assert.That(values[1], Is.Zero, "no lexicon, no lexicon term");
    }

    [Test]
    public void Predicting_combines_the_terms_with_the_term_weights()
    {
        using var model = NewModel();
        using var ids = tensor(new long[] { 2, 3, 0, 0, 0 }, [1, 5]);
        model.UseCombination(new TermWeights(0.7, 0, 1.8, -0.3));

        float[] terms = model.TermLogits(ids).data<float>().ToArray();
        float probability = model.PredictProbabilities(ids)[0];

        double logit = (0.7 * terms[0]) + (1.8 * terms[2]) - 0.3;
        Assert.That(probability, Is.EqualTo(1 / (1 + Math.Exp(-logit))).Within(1e-6));
    }

    [Test]
    public void The_LSTM_reads_a_word_only_the_bag_knows_as_unknown()
    {
        using var model = NewModel();
        using var own = tensor(new long[] { 2, 5, 4, 0, 0 }, [1, 5]);
        using var unknown = tensor(new long[] { 2, 1, 4, 0, 0 }, [1, 5]);

        float lstmOwn = model.TermLogits(own).data<float>()[0];
        float lstmUnknown = model.TermLogits(unknown).data<float>()[0];

        Assert.That(lstmOwn, Is.EqualTo(lstmUnknown));
        Assert.That(model.TermLogits(own).data<float>()[2], Is.Not.EqualTo(model.TermLogits(unknown).data<float>()[2]));
    }

    [Test]
    public void The_frozen_vectors_stay_unchanged_after_a_training_step_and_are_not_given_to_the_optimiser()
    {
        torch.manual_seed(12);
        using var model = new SentimentModel(Options() with { TrainBagJointly = true }, bagVectors: Vectors);
        var before = model.ExportWeights().Bag!;
        var trainable = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = optim.Adam(trainable, 0.1);
        using var ids = tensor(new long[] { 2, 4, 5, 0, 0, 3, 1, 0, 0, 0 }, [2, 5]);
        using var targets = tensor(new float[] { 1, 0 });

        model.train();
        optimizer.zero_grad();
        using var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(ids), targets);
        loss.backward();
        optimizer.step();
        var after = model.ExportWeights().Bag!;

        Assert.That(trainable.Count, Is.EqualTo(model.parameters().Count() - 1), "the bag's vectors are the one frozen table");
        Assert.That(after.Vectors, Is.EqualTo(before.Vectors));
        Assert.That(after.Vectors, Is.EqualTo(Vectors));
        Assert.That(after.Kernel, Is.Not.EqualTo(before.Kernel), "trained jointly, the bag's dense layer learns");
    }

    [Test]
    public void Training_mode_is_the_LSTM_alone_unless_the_bag_is_trained_jointly()
    {
        using var separate = NewModel();
        using var ids = tensor(new long[] { 2, 3, 0, 0, 0 }, [1, 5]);

        separate.train();
        float training;
        using (no_grad()) training = separate.forward(ids).item<float>();

        Assert.That(training, Is.EqualTo(separate.TermLogits(ids).data<float>()[0]).Within(1e-6f));
    }

    [Test]
    public void A_checkpoint_keeps_the_vectors_the_bags_dense_layer_and_the_combination()
    {
        using var temp = new TempDirectory();
        using var model = NewModel();
        model.UseCombination(new TermWeights(0.5, 0, 1.25, 0.2));
        var vocabulary = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "good", "bad", "day", "splendid"]);
        using var ids = tensor(new long[] { 5, 2, 3, 0, 0 }, [1, 5]);
        float expected = model.PredictProbabilities(ids)[0];

        ModelCheckpoint.Save(temp.Path, model, vocabulary);
        var (loaded, _) = ModelCheckpoint.Load(temp.Path);
        using (loaded)
        {
            Assert.That(loaded.Options.Combination, Is.EqualTo(new TermWeights(0.5, 0, 1.25, 0.2)));
            Assert.That(loaded.ExportWeights().Bag, Is.Not.Null);
            Assert.That(loaded.ExportWeights().Bag!.Vectors, Is.EqualTo(Vectors));
            Assert.That(loaded.PredictProbabilities(ids)[0], Is.EqualTo(expected));
        }
    }

    [Test]
    public void Vectors_of_the_wrong_size_and_bag_rows_without_a_bag_are_refused()
    {
        Assert.That(() => new SentimentModel(Options(), bagVectors: new float[5]), Throws.ArgumentException.With.Message.Contains("6 vectors of 3"));
        Assert.That(() => new SentimentModel(Options() with { BagDim = 0 }), Throws.ArgumentException.With.Message.Contains("bag"));
    }
}
