using System.Text;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// Tweets written by the tests, never taken from real data: a few sentiment words among neutral ones (mentions, links,
/// hashtags, HTML entities, elongations, upper case), labelled by whether the positive words outnumber the negative ones.
/// One in <see cref="LongTweetEvery"/> is padded with neutral words to 280 characters, a full-length tweet.
/// </summary>
public static class TinyTweets
{
    /// <summary>Twitter's limit, the length of the padded tweets.</summary>
    public const int MaxLength = 280;

    public const int LongTweetEvery = 25;

    public static readonly IReadOnlyList<string> PositiveWords = ["love", "great", "happy", "awesome", "good", "best", "fun", "thanks", "nice", "amazing", "yay", "<3"];

    public static readonly IReadOnlyList<string> NegativeWords = ["hate", "sad", "awful", "bad", "worst", "angry", "sick", "tired", "boring", "miss", "ugh", "don't"];

    public static readonly IReadOnlyList<string> NeutralWords =
        ["the", "a", "today", "work", "home", "going", "just", "really", "my", "day", "so", "it", "is", "to", "and", "with",
         "@friend", "http://t.co/x", "#monday", "!!!", "?", "lol", "Soooo", "&amp;", "me", "you", "this", "that", "weekend", "tweet"];

    /// <summary><paramref name="count"/> tweets of 1–12 words (some padded to 280 characters), the same ones for the same seed.</summary>
    public static IReadOnlyList<TinyTweet> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var tweets = new List<TinyTweet>(count);
        while (tweets.Count < count)
        {
            var (text, score) = Draw(random);
            if (score == 0)
            {
                continue;
            }

            if (random.Next(4) == 0)
            {
                text = text.ToUpperInvariant();
            }

            if (tweets.Count % LongTweetEvery == LongTweetEvery - 1)
            {
                text = PadToMaxLength(text, random);
            }

            tweets.Add(new TinyTweet(text, score > 0));
        }

        return tweets;
    }

    /// <summary>Writes <paramref name="tweets"/> as a <c>text,label</c> CSV (1 = positive, 0 = negative) and returns the path.</summary>
    public static string WriteCsv(string path, IEnumerable<TinyTweet> tweets)
    {
        var csv = new StringBuilder("text,label\n");
        foreach (var tweet in tweets)
        {
            csv.Append('"').Append(tweet.Text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(tweet.Positive ? '1' : '0').Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static (string Text, int Score) Draw(Random random)
    {
        int length = random.Next(1, 13);
        int score = 0;
        var words = new List<string>(length);
        for (int i = 0; i < length; i++)
        {
            double draw = random.NextDouble();
            if (draw < 0.2)
            {
                words.Add(PositiveWords[random.Next(PositiveWords.Count)]);
                score++;
            }
            else if (draw < 0.4)
            {
                words.Add(NegativeWords[random.Next(NegativeWords.Count)]);
                score--;
            }
            else
            {
                words.Add(NeutralWords[random.Next(NeutralWords.Count)]);
            }
        }

        return (string.Join(' ', words), score);
    }

    /// <summary>Neutral words after the tweet until it is exactly <see cref="MaxLength"/> characters long.</summary>
    private static string PadToMaxLength(string text, Random random)
    {
        var padded = new StringBuilder(text);
        while (padded.Length < MaxLength)
        {
            padded.Append(' ').Append(NeutralWords[random.Next(NeutralWords.Count)]);
        }

        string cut = padded.ToString(0, MaxLength);
        return cut.EndsWith(' ') ? cut[..^1] + "!" : cut;
    }
}

/// <summary>One generated tweet and its label.</summary>
public sealed record TinyTweet(string Text, bool Positive);
