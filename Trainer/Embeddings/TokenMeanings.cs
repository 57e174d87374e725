using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Tokens that a pretrained set of words cannot hold but whose meaning is one word: the tokenizer's emoticon and
/// heart placeholders, and common emoji written apart from words (alone, or repeated up to three times, as "😍😍"
/// is one token). Each gets the vector of its word, so a model trained on emoji-free tweets (Sentiment140 stripped
/// its emoticons) still reads them at serving time. An emoji attached to a word stays part of that word: the graph's
/// regular expressions are ASCII-only (see <see cref="RewriteRule"/>), so they cannot split it off.
/// </summary>
public static class TokenMeanings
{
    private static readonly (string Emoji, string Word)[] Emoji =
    [
        ("😂", "laughing"), ("🤣", "laughing"), ("😆", "laughing"), ("😹", "laughing"),
        ("😍", "love"), ("🥰", "love"), ("😘", "kiss"), ("❤", "love"), ("❤️", "love"), ("💕", "love"), ("💖", "love"),
        ("💗", "love"), ("💙", "love"), ("💜", "love"), ("💚", "love"), ("💛", "love"), ("🖤", "love"), ("💯", "perfect"),
        ("😊", "happy"), ("🙂", "smile"), ("😀", "smile"), ("😃", "smile"), ("😄", "smile"), ("😁", "grin"), ("☺", "smile"),
        ("☺️", "smile"), ("😉", "wink"), ("😜", "joking"), ("😛", "joking"), ("😎", "cool"), ("🤩", "excited"),
        ("🎉", "celebrate"), ("🥳", "party"), ("🙌", "celebrate"), ("👏", "applause"), ("👍", "good"), ("👌", "ok"),
        ("💪", "strong"), ("🔥", "awesome"), ("✨", "sparkles"), ("🙏", "thanks"), ("🤗", "hug"),
        ("😢", "sad"), ("😭", "crying"), ("😞", "disappointed"), ("😔", "sad"), ("😟", "worried"), ("☹", "sad"),
        ("☹️", "sad"), ("🙁", "sad"), ("😩", "weary"), ("😫", "tired"), ("😴", "sleepy"), ("😒", "annoyed"),
        ("🙄", "annoyed"), ("😑", "annoyed"), ("😐", "meh"), ("😕", "confused"), ("😤", "angry"), ("😠", "angry"),
        ("😡", "angry"), ("🤬", "furious"), ("💔", "heartbroken"), ("👎", "bad"), ("🤮", "disgusting"),
        ("🤢", "sick"), ("😷", "sick"), ("😱", "scream"), ("😨", "scared"), ("😰", "anxious"), ("💀", "dead"),
        ("🤔", "thinking"), ("😳", "embarrassed"), ("🤦", "facepalm"), ("🤷", "shrug"),
    ];

    /// <summary>Token → the word whose pretrained vector it gets.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = Build();

    private static Dictionary<string, string> Build()
    {
        var meanings = new Dictionary<string, string>(TokenizerSpec.PlaceholderMeanings, StringComparer.Ordinal);
        foreach (var (emoji, word) in Emoji)
        {
            for (int repeat = 1; repeat <= 3; repeat++) meanings.TryAdd(string.Concat(Enumerable.Repeat(emoji, repeat)), word);
        }
        return meanings;
    }
}
