using TorchSharp;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// What the trainer itself computes for a text (the C# tokenizer, the vocabulary, TorchSharp): the reference that an
/// exported graph's answers, on TensorFlow.js or a model server, are compared with.
/// </summary>
public static class TrainerReference
{
    /// <summary>The ids the model sees for <paramref name="text"/>: tokens, padded or cut to <paramref name="sequenceLength"/>.</summary>
    public static long[] TokenIds(Vocabulary vocabulary, string text, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return vocabulary.Encode(TweetTokenizer.Default.Tokenize(text), sequenceLength);
    }

    /// <summary>One row of ids per text.</summary>
    public static long[,] TokenIds(Vocabulary vocabulary, IReadOnlyList<string> texts, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(texts);
        long[,] ids = new long[texts.Count, sequenceLength];
        long[] row = new long[sequenceLength];
        for (int i = 0; i < texts.Count; i++)
        {
            vocabulary.EncodeInto(TweetTokenizer.Default.Tokenize(texts[i]), row);
            for (int j = 0; j < sequenceLength; j++)
            {
                ids[i, j] = row[j];
            }
        }

        return ids;
    }

    /// <summary>P(positive) for each text, as the trainer's <c>predict --checkpoint</c> computes it.</summary>
    public static float[] Probabilities(SentimentModel model, Vocabulary vocabulary, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var ids = torch.tensor(TokenIds(vocabulary, texts, model.Options.SequenceLength));
        return model.PredictProbabilities(ids);
    }
}
