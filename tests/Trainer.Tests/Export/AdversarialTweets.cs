using System.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// Random tweets made to trip a tokenizer up: words, elongations, punctuation runs, emoticons, emoji (touching
/// words too), URLs, mentions, HTML entities, contractions with straight and curly apostrophes, non-ASCII letters,
/// combining marks, byte-order marks, tabs, newlines and Unicode spaces, glued together or apart, in mixed case.
/// Deterministic for a seed; the first n tweets of a seed are the same whatever the count.
/// </summary>
internal static class AdversarialTweets
{
    private static readonly string[][] Pools =
    [
        ["love", "hate", "good", "bad", "happy", "sad", "day", "lol", "omg", "bom", "the", "work", "tweet", "a", "I", "x"],
        ["sooo", "loooove", "SOOOO", "yesss", "noooo", "hahahaha", "zzz", "AAAA", "heyyyy", "mmmm"],
        ["!", "!!!", "?", "???", "?!", "!?!", ".", "...", ",", ";", ":", "-", "--", "(", ")", "[", "]", "\"", "'", "`", "~", "*", "#", "$",
         "%", "^", "&", "+", "=", "/", "\\", "|", "{", "}", "<", ">", "_", "…", "–", "—", "“", "”", "«", "»"],
        [":)", ":(", ":D", ";)", "xD", "XD", ":-)", ":-(", ":P", ":p", ":/", ":'(", "<3", "</3", "<333", "^_^", "-_-", "o.O", "=)", "(:", "):", ";-)", ":-D", "D:"],
        ["😀", "😂", "❤️", "❤", "👍🏽", "👨‍👩‍👧", "🇺🇸", "💔", "✨", "☺", "🙂", "😭"],
        ["http://t.co/Ab1", "https://example.com/a?b=1&c=2", "www.Example.com", "HTTP://T.CO/X", "http://", "www.", "https://x.y/z)", "xhttp://a.b"],
        ["@user", "@User_12", "@", "@@x", "someone@example.com", "@_", "@FRIEND"],
        ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;", "&lt;3", "&amp;lt;", "&AMP;", "&nbsp;", "&#128512;", "&amp;amp;"],
        ["don't", "DON'T", "don’t", "can't", "can’t", "won't", "isn't", "I'm", "it's", "it’s", "y'all", "'n'", "n't", "’s", "'s", "‘quoted’", "shan't"],
        ["#happy", "#MondayMotivation", "#", "#1", "C#"],
        ["café", "CAFÉ", "cafe\u0301", "ÜBER", "naïve", "İstanbul", "straße", "ǅ", "ΣΟΦΙΑ", "Привет", "日本語", "مرحبا", "שלום", "ｆｕｌｌ", "Ａ", "ﬁne"],
        ["123", "3<3", "2nite", "24/7", "50%", "$5", "1,000"],
        ["\uFEFF", "\uFEFFbom", "\u200B", "\u00AD", "\u200F"],
    ];

    private static readonly string[] Separators = ["", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u00A0", "\u2003", "\u2028", "\u3000"];

    public static List<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var tweets = new List<string>(count);
        var text = new StringBuilder();
        while (tweets.Count < count)
        {
            text.Clear();
            if (random.Next(8) == 0) text.Append('\uFEFF');
            int pieces = random.Next(0, 16);
            for (int i = 0; i < pieces; i++)
            {
                if (i > 0) text.Append(random.Next(3) == 0 ? Separators[random.Next(Separators.Length)] : " ");
                text.Append(Piece(random));
            }
            string tweet = text.ToString();
            tweets.Add(random.Next(5) switch
            {
                0 => tweet.ToUpperInvariant(),
                1 => tweet.ToLowerInvariant(),
                _ => tweet,
            });
        }
        return tweets;
    }

    private static string Piece(Random random)
    {
        // One piece in ten is a random code point (any plane, never a lone surrogate).
        if (random.Next(10) == 0)
        {
            int codePoint;
            do codePoint = random.Next(3) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0x01, 0x10000);
            while (codePoint is >= 0xD800 and <= 0xDFFF);
            return char.ConvertFromUtf32(codePoint);
        }
        string piece = FromAnyPool(random);
        // Sometimes two pieces touch (emoji against a word, a URL against punctuation).
        return random.Next(4) == 0 ? piece + FromAnyPool(random) : piece;
    }

    private static string FromAnyPool(Random random)
    {
        string[] pool = Pools[random.Next(Pools.Length)];
        return pool[random.Next(pool.Length)];
    }
}
