using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Tests.Tracking;

namespace TwitterSentiment.Trainer.Tests.SharedModels;

/// <summary>
/// The tiny models every test project shares (tests/TestSupport.Models) are what a real training run leaves: an MLflow
/// run with a real id, the data's real hash, a checkpoint and a SavedModel that carry the same model_info, and a model
/// that learned the task; WriteServed lays them out as two labelled versions.
/// </summary>
public sealed class TinyModelsTests
{
    private static IEnumerable<TinyModelKind> Kinds => Enum.GetValues<TinyModelKind>();

    [TestCaseSource(nameof(Kinds))]
    public void Each_model_names_its_real_MLflow_run_and_the_hash_of_the_data_it_was_trained_on(TinyModelKind kind)
    {
        var model = TinyModels.Get(kind);

        Assert.That(model.RunId, Does.Match(HexPattern(32)));
        string[] runFolders = Directory.GetDirectories(model.MlflowStore, model.RunId, SearchOption.AllDirectories);
        Assert.That(runFolders, Has.Length.EqualTo(1), "the run is in the model's own MLflow store");
        Assert.That(MlflowStoreValidator.Validate(model.MlflowStore), Is.Empty);
        Assert.That(model.DataSha256, Does.Match(HexPattern(64)));
        Assert.That(model.DataSha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model.DataPath)))));
        Assert.That(model.Info.Run, Is.EqualTo(model.RunName));
        Assert.That(model.Info.Data?.Tweets, Is.EqualTo(TinyModelRecipe.Tweets));
        Assert.That(model.Info.Model?.SequenceLength, Is.EqualTo(model.SequenceLength));
    }

    [TestCaseSource(nameof(Kinds))]
    public void The_SavedModel_carries_the_model_info_saved_beside_the_checkpoint(TinyModelKind kind)
    {
        var model = TinyModels.Get(kind);

        var savedModel = SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(model.SavedModelDirectory, ServingContract.SavedModelFile)));
        string exported = savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model_info/json").Attr["value"].Tensor.StringVal[0].ToStringUtf8();

        Assert.That(exported, Is.EqualTo(model.InfoJson));
        Assert.That(model.InfoJson, Does.Contain($"\"{ServingContract.ModelInfoMlflowRunId}\":\"{model.RunId}\""));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Each_model_learned_the_task_on_its_held_out_test_split(TinyModelKind kind)
    {
        var model = TinyModels.Get(kind);
        var unseen = TinyTweets.Generate(200, seed: 123);

        float[] probabilities = model.Predict([.. unseen.Select(t => t.Text)]);

        Assert.That(model.TestAccuracy, Is.GreaterThan(0.9), "tests comparing served answers with TorchSharp's need a model that learned something");
        Assert.That(probabilities.Zip(unseen).Count(p => p.First > 0.5f == p.Second.Positive), Is.GreaterThan(180));
    }

    [Test]
    public void Only_the_lexicon_and_bag_models_have_a_lexicon_and_its_weight_is_recorded()
    {
        Assert.That(TinyModels.Lexicon.Info.Model?.LexiconWeight, Is.EqualTo(TinyModelRecipe.LexiconWeight));
        Assert.That(TinyModels.Bag.Info.Model?.LexiconWeight, Is.EqualTo(TinyModelRecipe.LexiconWeight));
        Assert.That(TinyModels.Bag.Info.Model?.BagDim, Is.EqualTo(6), "only the bag model has a bag of vectors");
        Assert.That(TinyModels.Lexicon.Info.Model?.BagDim, Is.Null);
        Assert.That(TinyModels.Plain.Info.Model?.LexiconWeight, Is.Null);
        Assert.That(TinyModels.Bidirectional.Info.Model?.LexiconWeight, Is.Null);
        Assert.That(TinyModels.Bidirectional.Info.Model?.Bidirectional, Is.True);
        // Both are sure of plainly worded tweets ("love": 1.0 each, since calibration sharpens them); neutral ones tell them apart.
        string[] neutral = ["what a day", "the day", "okay then"];
        Assert.That(neutral.Max(text => Math.Abs(TinyModels.Lexicon.Predict(text) - TinyModels.Plain.Predict(text))), Is.GreaterThan(0.05), "two models, not one twice");
    }

    [Test]
    public void The_training_data_holds_full_length_tweets_and_both_labels()
    {
        var tweets = TinyTweets.Generate(TinyModelRecipe.Tweets, TinyModelRecipe.DataSeed);

        Assert.That(tweets.Count(t => t.Text.Length == TinyTweets.MaxLength), Is.EqualTo(TinyModelRecipe.Tweets / TinyTweets.LongTweetEvery));
        Assert.That(tweets.Max(t => t.Text.Length), Is.EqualTo(TinyTweets.MaxLength));
        Assert.That(tweets.Count(t => t.Positive), Is.InRange(TinyModelRecipe.Tweets * 2 / 5, TinyModelRecipe.Tweets * 3 / 5));
        Assert.That(File.ReadAllLines(TinyModels.Plain.DataPath), Has.Length.EqualTo(TinyModelRecipe.Tweets + 1), "a header and one line per tweet");
    }

    [Test]
    public void WriteServed_lays_out_two_versions_of_the_tests_own_and_a_config_labelling_them_stable_and_canary()
    {
        using var temp = new TempDirectory("served");

        var served = TinyModels.WriteServed(temp.Path);

        Assert.That(served.BasePath, Is.EqualTo(temp.File(ServingContract.ModelName)));
        Assert.That(served.LatestVersion, Is.EqualTo(2));
        Assert.That(served.Versions[1], Is.SameAs(TinyModels.Lexicon));
        Assert.That(served.Versions[2], Is.SameAs(TinyModels.Plain));
        foreach (var (version, model) in served.Versions)
        {
            string copy = Path.Combine(served.BasePath, $"{version}", ServingContract.SavedModelFile);
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(File.ReadAllBytes(Path.Combine(model.SavedModelDirectory, ServingContract.SavedModelFile))));
        }

        Assert.That(Directory.GetDirectories(served.BasePath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "1", "2" }), "no temporary folder is left");
        string config = File.ReadAllText(served.ModelConfigFile);
        Assert.That(config, Does.Contain($"base_path: \"{served.BasePath}\"").And.Contain("model_version_policy { all {} }"));
        Assert.That(config, Does.Contain("version_labels { key: \"stable\" value: 1 }").And.Contain("version_labels { key: \"canary\" value: 2 }"));
    }

    [Test]
    public void WriteServed_with_one_version_serves_the_lexicon_model_as_stable()
    {
        using var temp = new TempDirectory("served-one");

        var served = TinyModels.WriteServed(temp.Path, versions: 1);

        Assert.That(served.Latest, Is.SameAs(TinyModels.Lexicon));
        Assert.That(served.Labels, Is.EqualTo(new Dictionary<string, long> { ["stable"] = 1 }));
        Assert.That(File.ReadAllText(served.ModelConfigFile), Does.Not.Contain("canary"));
    }

    [Test]
    public void A_checkpoint_copy_is_the_tests_own_and_a_copy_onto_an_existing_folder_is_refused()
    {
        using var temp = new TempDirectory("checkpoint-copy");

        string copy = TinyModels.Plain.CopyCheckpointTo(temp.File("checkpoint"));
        File.Delete(Path.Combine(copy, "model_info.json"));

        Assert.That(File.Exists(Path.Combine(TinyModels.Plain.CheckpointDirectory, "model_info.json")), Is.True, "the cache is untouched");
        Assert.Throws<IOException>(() => TinyModels.Plain.CopyCheckpointTo(copy));
    }

    private static Regex HexPattern(int digits) => new($"^[0-9a-f]{{{digits}}}$");
}
