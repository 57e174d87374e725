using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>An untrained checkpoint of a few parameters: enough for the commands that read one to export it.</summary>
internal static class TinyCheckpoint
{
    public static string Write(string directory)
    {
        var vocabulary = Vocabulary.Build([["fine", "day"]], maxTokens: 10);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 5, EmbeddingDim = 3, LstmUnits = 2 });
        ModelCheckpoint.Save(directory, model, vocabulary);
        return directory;
    }
}
