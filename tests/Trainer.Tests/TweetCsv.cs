using System.Text;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>Writes small text,label CSVs whose sentiment is carried by a few words amid filler.</summary>
internal static class TweetCsv
{
    private static readonly string[] Positive = ["love", "great", "happy", "awesome", "best"];
    private static readonly string[] Negative = ["hate", "awful", "sad", "worst", "terrible"];
    private static readonly string[] Filler = ["the", "day", "is", "my", "work", "today", "this", "so", "really", "weekend", "coffee", "@friend", "http://t.co/x", "!", "lol"];

    public static string Write(string path, int rows, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("text,label\n");
        for (int row = 0; row < rows; row++)
        {
            int label = row % 2;
            var words = new List<string>();
            int length = random.Next(3, 10);
            for (int i = 0; i < length; i++) words.Add(Filler[random.Next(Filler.Length)]);
            string[] markers = label == 1 ? Positive : Negative;
            words.Insert(random.Next(words.Count + 1), markers[random.Next(markers.Length)]);
            csv.Append('"').Append(string.Join(' ', words)).Append("\",").Append(label).Append('\n');
        }
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
