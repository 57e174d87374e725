using TorchSharp;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// Small sentiment models really trained (a few seconds) on generated tweets, so exports are checked with
/// weights shaped by training rather than by initialisation. Built once per test run and shared.
/// </summary>
internal static class TrainedModels
{
    public const int SequenceLength = 16;

    private static readonly string[] Positive = ["love", "great", "happy", "awesome", "good", "best", "fun", "thanks", "nice", "amazing", "yay", "<3"];
    private static readonly string[] Negative = ["hate", "sad", "awful", "bad", "worst", "angry", "sick", "tired", "boring", "miss", "ugh", "don't"];
    private static readonly string[] Neutral =
        ["the", "a", "today", "work", "home", "going", "just", "really", "my", "day", "so", "it", "is", "to", "and", "with",
         "@friend", "http://t.co/x", "#monday", "!!!", "?", "lol", "Soooo", "&amp;", "me", "you", "this", "that", "weekend", "tweet"];

    private static readonly Lazy<(SentimentModel Model, Vocabulary Vocabulary, double Accuracy)> Unidirectional = new(() => Train(bidirectional: false));
    private static readonly Lazy<(SentimentModel Model, Vocabulary Vocabulary, double Accuracy)> Bidirectional = new(() => Train(bidirectional: true));
    private static readonly Lazy<(SentimentModel Model, Vocabulary Vocabulary, double Accuracy)> Lexical = new(() => Train(bidirectional: false, TestLexicon()));

    public static (SentimentModel Model, Vocabulary Vocabulary, double Accuracy) Get(bool bidirectional) =>
        bidirectional ? Bidirectional.Value : Unidirectional.Value;

    /// <summary>The unidirectional model with a lexicon (weight <see cref="LexiconWeight"/>) that rates some of the task's words.</summary>
    public static (SentimentModel Model, Vocabulary Vocabulary, double Accuracy) WithLexicon() => Lexical.Value;

    public const double LexiconWeight = 1.5;

    /// <summary>A few words in VADER's format, some of them the task's, plus emoticons and words the tweets never use.</summary>
    public static SentimentLexicon TestLexicon() => SentimentLexicon.Read(new StringReader(
        "love\t3.2\t0.4\t[3, 3, 4]\ngreat\t3.1\t0.5\t[3]\ngood\t1.9\t0.9\t[2]\nhappy\t2.7\t0.8\t[3]\nnice\t1.8\t0.6\t[2]\n" +
        "hate\t-2.7\t1.0\t[-3]\nsad\t-2.1\t0.9\t[-2]\nawful\t-2.0\t0.7\t[-2]\nbad\t-2.5\t0.6\t[-2]\n:)\t2.0\t0.6\t[2]\n:(\t-1.9\t0.5\t[-2]\n" +
        "splendid\t2.8\t0.6\t[3]\ndreadful\t-2.9\t0.6\t[-3]\n"), "test lexicon");

    /// <summary>Tweets of 1–20 words; the label is whether positive words outnumber negative ones.</summary>
    public static List<(string Text, bool Positive)> GenerateTweets(int count, int seed)
    {
        var random = new Random(seed);
        var tweets = new List<(string, bool)>(count);
        while (tweets.Count < count)
        {
            int length = random.Next(1, 21);
            int score = 0;
            var words = new List<string>(length);
            for (int i = 0; i < length; i++)
            {
                double draw = random.NextDouble();
                if (draw < 0.2) { words.Add(Positive[random.Next(Positive.Length)]); score++; }
                else if (draw < 0.4) { words.Add(Negative[random.Next(Negative.Length)]); score--; }
                else
                {
                    words.Add(Neutral[random.Next(Neutral.Length)]);
                }
            }
            if (score == 0) continue;
            string text = string.Join(' ', words);
            tweets.Add((random.Next(4) == 0 ? text.ToUpperInvariant() : text, score > 0));
        }
        return tweets;
    }

    public static long[,] Encode(Vocabulary vocabulary, IReadOnlyList<string> texts, int sequenceLength)
    {
        long[,] ids = new long[texts.Count, sequenceLength];
        long[] row = new long[sequenceLength];
        for (int i = 0; i < texts.Count; i++)
        {
            vocabulary.EncodeInto(TweetTokenizer.Default.Tokenize(texts[i]), row);
            for (int j = 0; j < sequenceLength; j++) ids[i, j] = row[j];
        }
        return ids;
    }

    public static float[] Predict(SentimentModel model, Vocabulary vocabulary, IReadOnlyList<string> texts)
    {
        using var ids = tensor(Encode(vocabulary, texts, model.Options.SequenceLength));
        return model.PredictProbabilities(ids);
    }

    private static (SentimentModel, Vocabulary, double) Train(bool bidirectional, SentimentLexicon? lexicon = null)
    {
        torch.manual_seed(bidirectional ? 11 : 5);
        var data = GenerateTweets(3000, seed: 1);
        var texts = data.Select(d => d.Text).ToList();
        var vocabulary = Vocabulary.Build(texts.Select(TweetTokenizer.Default.Tokenize), maxTokens: 60);
        if (lexicon is not null) vocabulary = Vocabulary.FromTokens([.. vocabulary.Tokens, .. LexiconTable.MissingTokens(vocabulary, lexicon)]);
        var model = new SentimentModel(new ModelOptions
        {
            VocabularySize = vocabulary.Count,
            SequenceLength = SequenceLength,
            EmbeddingDim = 16,
            LstmUnits = 12,
            Bidirectional = bidirectional,
            Dropout = 0.1,
            LexiconWeight = lexicon is null ? 0 : LexiconWeight,
        }, lexiconTable: lexicon is null ? null : LexiconTable.For(vocabulary, lexicon));

        using var allIds = tensor(Encode(vocabulary, texts, SequenceLength));
        using var allLabels = tensor(data.Select(d => d.Positive ? 1f : 0f).ToArray());
        using var optimizer = optim.Adam(model.parameters().Where(parameter => parameter.requires_grad), lr: 0.02);
        using var loss = nn.BCEWithLogitsLoss();
        const int batchSize = 100;
        model.train();
        for (int epoch = 0; epoch < 4; epoch++)
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var ids = allIds.narrow(0, start, batchSize);
                var labels = allLabels.narrow(0, start, batchSize);
                optimizer.zero_grad();
                loss.forward(model.forward(ids), labels).backward();
                optimizer.step();
            }
        }
        model.eval();

        float[] probabilities = model.PredictProbabilities(allIds);
        double accuracy = probabilities.Zip(data).Count(pair => pair.First > 0.5f == pair.Second.Positive) / (double)data.Count;
        return (model, vocabulary, accuracy);
    }
}
