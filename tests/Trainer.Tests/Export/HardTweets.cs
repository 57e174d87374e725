using System.Text.Json;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>TestData/hard-tweets.txt: one JSON string per line (so tabs, newlines and "" can be written).</summary>
internal static class HardTweets
{
    public static IReadOnlyList<string> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "hard-tweets.txt");
        return [.. File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<string>(line) ?? throw new InvalidDataException($"{path}: a line is null."))];
    }
}
