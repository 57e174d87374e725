using TorchSharp;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class ModelCheckpointTests
{
    [Test]
    public void A_saved_checkpoint_loads_back_with_identical_predictions()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            torch.manual_seed(11);
            var vocabulary = Vocabulary.Build([["good", "day"], ["bad", "day"]], maxTokens: 10);
            using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 4, Bidirectional = true });
            using var ids = tensor(new long[] { 2, 3, 0, 0, 4, 2, 3, 0 }, dtype: int64).view(2, 4);

            ModelCheckpoint.Save(directory, model, vocabulary);
            var (loaded, loadedVocabulary) = ModelCheckpoint.Load(directory);

            Assert.That(loaded.Options, Is.EqualTo(model.Options));
            Assert.That(loadedVocabulary.Tokens, Is.EqualTo(vocabulary.Tokens));
            Assert.That(loaded.PredictProbabilities(ids), Is.EqualTo(model.PredictProbabilities(ids)));
            loaded.Dispose();
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
