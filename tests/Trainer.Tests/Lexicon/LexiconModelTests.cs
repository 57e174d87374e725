using TorchSharp;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Lexicon;

public sealed class LexiconModelTests
{
    private const double Weight = 2.0;
    private static readonly Vocabulary Words = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, "good", "not", "x", "bad"]);
    private static readonly SentimentLexicon Rated = SentimentLexicon.Read(new StringReader("good\t2.0\nbad\t-2.4\n"), "test");

    private static SentimentModel NewModel()
    {
        torch.manual_seed(4);
        return new SentimentModel(
            new ModelOptions { VocabularySize = Words.Count, SequenceLength = 6, EmbeddingDim = 4, LstmUnits = 3, Dropout = 0, LexiconWeight = Weight },
            lexiconTable: LexiconTable.For(Words, Rated));
    }

    [TestCase("good", 0.5)]
    [TestCase("not good", -0.74 * 0.5)]
    [TestCase("not x x good", -0.74 * 0.5)]
    [TestCase("not x x x good", 0.5)]
    [TestCase("good not", 0.5)]
    [TestCase("good bad", 0.5 - 0.6)]
    [TestCase("not good bad", -0.74 * 0.5 + 0.74 * 0.6)]
    [TestCase("x x", 0.0)]
    public void Predicting_adds_the_weighted_negation_aware_valence_sum_to_the_LSTM_logit(string text, double score)
    {
        using var model = NewModel();
        using var ids = tensor(Words.Encode(TweetTokenizer.Default.Tokenize(text), 6), dtype: int64).view(1, 6);

        // Training mode (dropout 0 here) is the LSTM on its own; evaluation mode adds the lexicon.
        model.train();
        float lstmLogit;
        using (no_grad()) lstmLogit = model.forward(ids).item<float>();
        model.eval();
        float logit;
        using (no_grad()) logit = model.forward(ids).item<float>();

        Assert.That(logit - lstmLogit, Is.EqualTo(Weight * score).Within(1e-5));
    }

    [Test]
    public void The_lexicon_stays_exactly_as_rated_after_a_training_step_and_is_not_given_to_the_optimiser()
    {
        using var model = NewModel();
        var before = model.ExportWeights().Lexicon!.Table;
        var trainable = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = optim.Adam(trainable, 0.1);
        using var ids = tensor(new long[] { 2, 3, 2, 0, 0, 0, 5, 4, 0, 0, 0, 0 }, [2, 6]);
        using var targets = tensor(new float[] { 0, 1 });

        model.train();
        optimizer.zero_grad();
        using var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(ids), targets);
        loss.backward();
        optimizer.step();
        var after = model.ExportWeights().Lexicon!.Table;

        Assert.That(trainable.Count, Is.EqualTo(model.parameters().Count() - 2), "valence and negation columns are frozen");
        Assert.That(after.Valences, Is.EqualTo(before.Valences));
        Assert.That(after.Negations, Is.EqualTo(before.Negations));
        Assert.That(after.Valences, Is.EqualTo(LexiconTable.For(Words, Rated).Valences));
    }

    [Test]
    public void A_checkpoint_keeps_the_lexicon_and_its_weight()
    {
        using var temp = new TempDirectory();
        using var model = NewModel();
        using var ids = tensor(new long[] { 3, 2, 5, 0, 0, 0 }, [1, 6]);
        float expected = model.PredictProbabilities(ids)[0];

        ModelCheckpoint.Save(temp.Path, model, Words);
        var (loaded, vocabulary) = ModelCheckpoint.Load(temp.Path);
        using (loaded)
        {
            Assert.That(loaded.Options.LexiconWeight, Is.EqualTo(Weight));
            Assert.That(loaded.ExportWeights().Lexicon!.Table.Valences, Is.EqualTo(model.ExportWeights().Lexicon!.Table.Valences));
            Assert.That(loaded.PredictProbabilities(ids)[0], Is.EqualTo(expected));
            Assert.That(vocabulary.Tokens, Is.EqualTo(Words.Tokens));
        }
    }

    [Test]
    public void A_checkpoint_written_before_the_lexicon_was_a_submodule_loads_and_exports_the_same_bytes()
    {
        using var temp = new TempDirectory();
        using var model = NewModel();
        string current = temp.File("current");
        ModelCheckpoint.Save(current, model, Words);
        // The same weights as checkpoints wrote them before: the lexicon's columns at the top level.
        string former = temp.File("former");
        Directory.CreateDirectory(former);
        foreach (string file in new[] { ModelCheckpoint.OptionsFile, ModelCheckpoint.VocabularyFile })
            File.Copy(Path.Combine(current, file), Path.Combine(former, file));
        var formerNames = SentimentModel.FormerParameterNames.ToDictionary(pair => pair.Value, pair => pair.Key);
        using (var writer = new BinaryWriter(File.Create(Path.Combine(former, ModelCheckpoint.WeightsFile))))
        {
            nn.Module.save_state_dict(writer, model.state_dict().ToDictionary(pair => formerNames.GetValueOrDefault(pair.Key, pair.Key), pair => pair.Value));
        }

        var (fromCurrent, currentVocabulary) = ModelCheckpoint.Load(current);
        var (fromFormer, formerVocabulary) = ModelCheckpoint.Load(former);
        using (fromCurrent)
        using (fromFormer)
        {
            Assert.That(fromCurrent.state_dict().Keys, Does.Contain("lexicon.valence.weight"));
            Assert.That(fromFormer.ExportWeights().Lexicon!.Table.Valences, Is.EqualTo(model.ExportWeights().Lexicon!.Table.Valences));
            var info = Trainer.Export.ExportedModelInfo.Minimal(model.Options, "same");
            var a = Trainer.Export.SavedModelExporter.Export(fromCurrent, currentVocabulary, temp.File("a"), ServingContract.ModelName, info);
            var b = Trainer.Export.SavedModelExporter.Export(fromFormer, formerVocabulary, temp.File("b"), ServingContract.ModelName, info);
            Assert.That(File.ReadAllBytes(Path.Combine(b.VersionDirectory, ServingContract.SavedModelFile)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(a.VersionDirectory, ServingContract.SavedModelFile))));
        }
    }

    [Test]
    public void A_checkpoint_whose_weights_are_not_the_models_is_refused_naming_the_tensor()
    {
        using var temp = new TempDirectory();
        using var model = NewModel();
        ModelCheckpoint.Save(temp.Path, model, Words);
        var state = model.state_dict();
        using (var writer = new BinaryWriter(File.Create(Path.Combine(temp.Path, ModelCheckpoint.WeightsFile))))
        {
            nn.Module.save_state_dict(writer, state.ToDictionary(pair => pair.Key == "dense.bias" ? "dense.offset" : pair.Key, pair => pair.Value));
        }

        Assert.That(() => ModelCheckpoint.Load(temp.Path), Throws.InstanceOf<InvalidDataException>().With.Message.Contain("'dense.offset'"));
    }

    [Test]
    public void A_model_without_a_lexicon_exports_none()
    {
        torch.manual_seed(4);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = Words.Count, SequenceLength = 6 });

        Assert.That(model.Options.HasLexicon, Is.False);
        Assert.That(model.ExportWeights().Lexicon, Is.Null);
    }
}

public sealed class LexiconRunTests
{
    [Test]
    public void With_pretrained_vectors_the_lexicons_missing_words_get_zero_frozen_vectors_and_the_run_exports()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string vectors = temp.File("vectors.txt");
        File.WriteAllLines(vectors, new[] { "love", "great", "hate", "awful", "day" }.Select((word, i) => word + string.Concat(Enumerable.Range(0, 8).Select(d => $" {(i + d) % 3 * 0.1:0.0}"))));
        string lexicon = temp.File("lexicon.txt");
        File.WriteAllText(lexicon, "great\t3.1\nawful\t-2.0\nsplendid\t2.8\n");
        var options = TinyRun.Options(temp.Path, data, "both") with
        {
            Embeddings = EmbeddingsOptions.Resolve(vectors, embeddingDim: null, fineTune: false),
            Lexicon = LexiconOptions.Resolve(lexicon, weight: 2),
        };
        var observer = new Modeling.RecordingObserver();

        var run = options.Execute(observer);

        var (model, vocabulary) = ModelCheckpoint.Load(run.CheckpointDirectory);
        using (model)
        {
            var weights = model.ExportWeights();
            int splendid = vocabulary.IdOf("splendid");
            int dimension = model.Options.EmbeddingDim;
            Assert.That(model.Options.PretrainedRows, Is.GreaterThan(0));
            Assert.That(model.Options.LexiconWeight, Is.EqualTo(2));
            Assert.That(vocabulary.Tokens.Skip(splendid + 1), Is.SubsetOf(NegationRule.Words), "appended after the data's and the set's tokens, before the missing negations");
            Assert.That(weights.Embedding[(splendid * dimension)..((splendid + 1) * dimension)], Is.EqualTo(new float[dimension]));
            Assert.That(weights.Lexicon!.Table.Valences[splendid], Is.EqualTo(0.7f).Within(1e-6f));
        }
        Assert.That(run.Training.Test.Accuracy, Is.GreaterThan(0.8));
        Assert.That(run.Training.Calibration.Shift, Is.Not.EqualTo(0), "the intercept is refit after training");
        Assert.That(File.Exists(Path.Combine(run.Export.VersionDirectory, ServingContract.SavedModelFile)), Is.True);
        Assert.That((run.ModelInfo.Model?.Lexicon, run.ModelInfo.Model?.LexiconWeight), Is.EqualTo(("lexicon.txt", 2.0)), "the export names its lexicon and its weight");
    }
}
