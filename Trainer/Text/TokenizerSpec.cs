namespace TwitterSentiment.Trainer.Text;

/// <summary>
/// The single specification of how a tweet becomes tokens. <see cref="TweetTokenizer"/> applies it in C#
/// and the SavedModel exporter writes it as TensorFlow ops; a parity test proves both give the same ids.
/// <list type="number">
/// <item>ASCII lower-casing (A–Z only; other characters are kept as they are).</item>
/// <item>The <see cref="Rules"/>, in order, each replacing all matches.</item>
/// <item>Splitting on spaces, dropping empty pieces.</item>
/// </list>
/// </summary>
public static class TokenizerSpec
{
    /// <summary>Placeholder for any http(s):// or www. address.</summary>
    public const string UrlToken = "xxurl";

    /// <summary>Placeholder for any @mention.</summary>
    public const string UserToken = "xxuser";

    /// <summary>Placeholder for the "&lt;3" heart.</summary>
    public const string HeartToken = "xxheart";

    /// <summary>Placeholders for emoticons (ASCII faces), which the punctuation rule would otherwise erase.</summary>
    public const string SmileToken = "xxsmile";
    public const string WinkToken = "xxwink";
    public const string SadToken = "xxsad";
    public const string AnnoyedToken = "xxannoyed";
    public const string TongueToken = "xxtongue";
    public const string KissToken = "xxkiss";
    public const string BrokenHeartToken = "xxbrokenheart";

    /// <summary>
    /// An English word that means what each placeholder stands for. Sentiment140 stripped emoticons from its tweets,
    /// so a model trained on it never sees them: with pretrained embeddings a placeholder gets its word's vector
    /// (see <see cref="Embeddings.PretrainedVocabulary"/>), so ":(" reads like "sad" at serving time.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PlaceholderMeanings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [HeartToken] = "love",
        [BrokenHeartToken] = "heartbroken",
        [SmileToken] = "smile",
        [WinkToken] = "wink",
        [SadToken] = "sad",
        [AnnoyedToken] = "annoyed",
        [TongueToken] = "joking",
        [KissToken] = "kiss",
    };

    /// <summary>
    /// English contractions, with "|" where the apostrophe goes. The rules drop ASCII apostrophes ("don't" is dont)
    /// but must stay ASCII-only, so a typographic apostrophe stays in its word ("don’t", as phones type it). The
    /// vocabulary therefore also looks these spellings up under the apostrophe-free token (see
    /// <see cref="Vocabulary"/>), in C# and in the exported table alike.
    /// </summary>
    public static IReadOnlyList<string> Contractions { get; } =
    [
        "don|t", "doesn|t", "didn|t", "can|t", "couldn|t", "wouldn|t", "shouldn|t", "won|t", "isn|t", "aren|t", "wasn|t",
        "weren|t", "haven|t", "hasn|t", "hadn|t", "ain|t", "mustn|t", "needn|t", "mightn|t",
        "i|m", "i|ve", "i|d", "i|ll", "you|re", "you|ve", "you|d", "you|ll", "he|s", "he|d", "he|ll", "she|s", "she|d",
        "she|ll", "it|s", "it|d", "it|ll", "we|re", "we|ve", "we|d", "we|ll", "they|re", "they|ve", "they|d", "they|ll",
        "that|s", "that|ll", "what|s", "who|s", "where|s", "how|s", "there|s", "here|s", "let|s", "could|ve",
        "would|ve", "should|ve", "y|all",
    ];

    /// <summary>The apostrophe that phones type, which stays in its word (see <see cref="Contractions"/>).</summary>
    public const char TypographicApostrophe = '\u2019';

    /// <summary>The only separator left after the rules run.</summary>
    public const char Separator = ' ';

    /// <summary>ASCII punctuation that carries no sentiment on its own (everything but ! ? and ').</summary>
    private const string PunctuationClass = """[-"#$%&()*+,./:;<=>@\[\]^_`{|}~\\]""";

    public static IReadOnlyList<RewriteRule> Rules { get; } = BuildRules();

    private static List<RewriteRule> BuildRules()
    {
        var rules = new List<RewriteRule>
        {
            new("whitespace", @"[\t\n\r\f\v]", " "),
            new("url", @"(?:https?://|www\.)[^ ]*", $" {UrlToken} "),
            new("mention", "@[a-z0-9_]+", $" {UserToken} "),
            // HTML entities as Twitter's API delivers them; &amp; last so "&amp;lt;" stays literal text.
            new("entity-lt", "&lt;", "<"),
            new("entity-gt", "&gt;", ">"),
            new("entity-quot", "&quot;", " "),
            new("entity-apos", "&#39;|&apos;", "'"),
            new("entity-amp", "&amp;", " "),
            new("broken-heart", "</3+", $" {BrokenHeartToken} "),
            new("heart", "<3+", $" {HeartToken} "),
            // Some tweet datasets (SemEval's, among them) carry characters as literal JSON escapes: "don\u2019t".
            // The typographic apostrophes go the way of "'" below, any other escape becomes a space.
            new("escaped-apostrophe", @"\\u201[89]", ""),
            new("escaped-character", @"\\u[0-9a-f]{4}", " "),
            // Negations keep their meaning without the apostrophe: don't → dont, which is how many tweets spell it.
            // ASCII only: TensorFlow.js reads StaticRegexReplace patterns as Latin-1, so a UTF-8 literal such as
            // the typographic ’ could not match there as it does in TensorFlow (don’t stays one token, "don’t", which the
            // vocabulary looks up as dont: see Contractions).
            new("apostrophe", "'", ""),
            // Emoticons, after the apostrophe rule (so ":'(" is ":(") and before punctuation erases them. A face
            // ending in a letter (":d", ":p", ":/") must end the word, so "re:design" or "c:/path" are left alone.
            new("emoticon-wink", @";-?\)+|;-?\]+|;-?d+( |$)", $" {WinkToken} "),
            new("emoticon-smile", @"[:=]-?\)+|[:=]-?\]+|\(+-?[:=]|[:=]-?d+( |$)", $" {SmileToken} "),
            new("emoticon-sad", @"[:=]-?\(+|[:=]-?\[+", $" {SadToken} "),
            new("emoticon-annoyed", @"[:=]-?/+( |$)", $" {AnnoyedToken} "),
            new("emoticon-tongue", @"[:;=]-?p+( |$)", $" {TongueToken} "),
            new("emoticon-kiss", @"[:;]-?\*+", $" {KissToken} "),
        };

        // Elongated words ("soooo", "loooove") share a token with their two-letter form ("soo", "loove").
        for (char letter = 'a'; letter <= 'z'; letter++)
        {
            rules.Add(new RewriteRule($"elongation-{letter}", $"{letter}{{3,}}", $"{letter}{letter}"));
        }

        rules.Add(new RewriteRule("exclamation", "!+", " ! "));
        rules.Add(new RewriteRule("question", @"\?+", " ? "));
        rules.Add(new RewriteRule("punctuation", PunctuationClass, " "));
        return rules;
    }
}
