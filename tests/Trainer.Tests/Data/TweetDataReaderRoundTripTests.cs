using System.Text;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

/// <summary>Random but seeded tweets full of CSV-hostile characters, written as RFC 4180 CSV and read back.</summary>
public sealed class TweetDataReaderRoundTripTests
{
    private const string Palette = "ab cdXYZ,\"'\n\r\t;|&amp;#@!?:/.-_\u00e9\u00fc\u00df\u00a0\u2019\u201c\u2026\U0001F600\u2764\uFE0F0123456789";
    private const string Latin1Palette = "ab cdXYZ,\"';|&amp;#@!?:/.-_\u00e9\u00fc\u00df\u00a0\u00bf\u00ff0123456789";

    private static List<LabeledTweet> RandomTweets(int count, string palette, int seed)
    {
        var random = new Random(seed);
        var tweets = new List<LabeledTweet>(count);
        while (tweets.Count < count)
        {
            var text = new StringBuilder();
            int length = random.Next(1, 60);
            for (int i = 0; i < length; i++)
            {
                // Pick whole text elements so surrogate pairs stay intact.
                int at = random.Next(palette.Length);
                if (char.IsLowSurrogate(palette[at])) at--;
                text.Append(palette, at, char.IsHighSurrogate(palette[at]) ? 2 : 1);
            }
            if (!string.IsNullOrWhiteSpace(text.ToString())) tweets.Add(new LabeledTweet(text.ToString(), random.Next(2)));
        }
        return tweets;
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 || field.Trim() != field ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    [Test]
    public void Every_text_label_row_comes_back_exactly_as_written()
    {
        var tweets = RandomTweets(3000, Palette, seed: 2009);
        var csv = new StringBuilder("label,text\r\n");
        foreach (var tweet in tweets) csv.Append(tweet.Label == 1 ? "positive" : "negative").Append(',').Append(Quote(tweet.Text)).Append("\r\n");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));

        var data = TweetDataReader.Read(stream, "random.csv", new DataReadOptions { Strict = true }, CancellationToken.None);

        Assert.That(data.Tweets, Is.EqualTo(tweets));
    }

    [Test]
    public void Every_single_line_Sentiment140_row_comes_back_exactly_as_written()
    {
        var tweets = RandomTweets(3000, Latin1Palette, seed: 140);
        var csv = new StringBuilder();
        long id = 1;
        foreach (var tweet in tweets)
        {
            csv.Append('"').Append(tweet.Label == 1 ? '4' : '0').Append("\",\"").Append(id++).Append("\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"u\",")
               .Append('"').Append(tweet.Text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }
        using var stream = new MemoryStream(Encoding.Latin1.GetBytes(csv.ToString()));

        var data = TweetDataReader.Read(stream, "random140.csv", new DataReadOptions { Strict = true }, CancellationToken.None);

        Assert.That(data.Format, Is.EqualTo(DataFormat.Sentiment140));
        Assert.That(data.Tweets, Is.EqualTo(tweets));
    }
}
