using System.Text.RegularExpressions;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Text;

public sealed class TweetTokenizerTests
{
    private static string[] Tokens(string? text) => [.. TweetTokenizer.Default.Tokenize(text)];

    [TestCase("http://t.co/abc?x=1 rocks", new[] { "xxurl", "rocks" })]
    [TestCase("see https://example.com/a/b.html, now", new[] { "see", "xxurl", "now" })]
    [TestCase("go to www.site.com/path!", new[] { "go", "to", "xxurl" })]
    [TestCase("HTTP://SHOUTING.COM", new[] { "xxurl" })]
    [TestCase("line\nhttp://a.b\tx", new[] { "line", "xxurl", "x" })]
    public void Addresses_become_one_placeholder_token(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [TestCase("@John_Doe hi", new[] { "xxuser", "hi" })]
    [TestCase("@user: thanks @other_1!", new[] { "xxuser", "thanks", "xxuser", "!" })]
    [TestCase("a lone @ sign", new[] { "a", "lone", "sign" })]
    public void Mentions_become_one_placeholder_token(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [Test]
    public void Hashtags_keep_their_word_without_the_sign() =>
        Assert.That(Tokens("#Happy #fail#win"), Is.EqualTo(new[] { "happy", "fail", "win" }));

    [TestCase("fish &amp; chips", new[] { "fish", "chips" })]
    [TestCase("&quot;great&quot; service", new[] { "great", "service" })]
    [TestCase("it&#39;s &apos;fine&apos;", new[] { "its", "fine" })]
    [TestCase("love you &lt;3", new[] { "love", "you", "xxheart" })]
    [TestCase("love you &lt;333", new[] { "love", "you", "xxheart" })]
    [TestCase("<3<3", new[] { "xxheart", "xxheart" })]
    [TestCase("a &gt; b", new[] { "a", "b" })]
    public void Html_entities_are_decoded_before_punctuation_is_removed(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [Test]
    public void An_escaped_entity_stays_text_rather_than_becoming_its_symbol() =>
        Assert.That(Tokens("&amp;lt;3"), Is.EqualTo(new[] { "lt", "3" }));

    [TestCase("I don't like it", new[] { "i", "dont", "like", "it" })]
    [TestCase("can't won't isn't", new[] { "cant", "wont", "isnt" })]
    [TestCase("'quoted' ''", new[] { "quoted" })]
    public void Apostrophes_are_dropped_so_negations_stay_one_token(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [TestCase(@"Don\u2019t think i\u2019m going", new[] { "dont", "think", "im", "going" })]
    [TestCase(@"probably\u002c by the guy", new[] { "probably", "by", "the", "guy" })]
    [TestCase(@"\u201cquoted\u201d \ud83d\ude02 lol", new[] { "quoted", "lol" })]
    [TestCase(@"ISN\U2019T", new[] { "isnt" })]
    [TestCase(@"a \u20 b", new[] { "a", "u20", "b" })]
    public void Literal_unicode_escapes_as_some_datasets_carry_them_are_apostrophes_or_spaces(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    // The rules are ASCII-only so TensorFlow.js and TensorFlow agree; a typographic apostrophe stays in its word.
    [Test]
    public void A_typographic_apostrophe_keeps_the_negation_one_token() =>
        Assert.That(Tokens("don\u2019t stop"), Is.EqualTo(new[] { "don\u2019t", "stop" }));

    [TestCase("wow!!!", new[] { "wow", "!" })]
    [TestCase("really???", new[] { "really", "?" })]
    [TestCase("what?!?!", new[] { "what", "?", "!", "?", "!" })]
    [TestCase("wait... what-now, (ok); \"fine\"", new[] { "wait", "what", "now", "ok", "fine" })]
    [TestCase("100% $20 3.5", new[] { "100", "20", "3", "5" })]
    public void Exclamation_and_question_runs_become_single_tokens_and_other_punctuation_goes(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [TestCase("soooo goooood", new[] { "soo", "good" })]
    [TestCase("loooove it", new[] { "loove", "it" })]
    [TestCase("good aa", new[] { "good", "aa" })]
    [TestCase("NOOOOO", new[] { "noo" })]
    public void Elongations_shrink_to_two_letters(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [Test]
    public void Ascii_letters_are_lower_cased_and_other_letters_kept_as_they_are() =>
        Assert.That(Tokens("I LOVE Caf\u00e9 \u00dcBER"), Is.EqualTo(new[] { "i", "love", "caf\u00e9", "\u00dcber" }));

    [Test]
    public void Emoji_separated_by_spaces_are_tokens_of_their_own() =>
        Assert.That(Tokens("great day \U0001F600 \u2764\uFE0F"), Is.EqualTo(new[] { "great", "day", "\U0001F600", "\u2764\uFE0F" }));

    [Test]
    public void Emoji_attached_to_a_word_stay_attached_because_the_rules_are_ascii_only() =>
        Assert.That(Tokens("yay\U0001F389"), Is.EqualTo(new[] { "yay\U0001F389" }));

    [TestCase("great :) :-) =) :] (: :D", new[] { "great", "xxsmile", "xxsmile", "xxsmile", "xxsmile", "xxsmile", "xxsmile" })]
    [TestCase("ugh :( :-( :'( =[", new[] { "ugh", "xxsad", "xxsad", "xxsad", "xxsad" })]
    [TestCase(";) ;-) ;D :P :/ :* </3 <3", new[] { "xxwink", "xxwink", "xxwink", "xxtongue", "xxannoyed", "xxkiss", "xxbrokenheart", "xxheart" })]
    [TestCase("re:design c:/path http://x.co/:d", new[] { "re", "design", "c", "path", "xxurl" })]
    public void Emoticons_become_placeholder_tokens_but_letters_after_a_colon_inside_a_word_do_not(string text, string[] expected) =>
        Assert.That(Tokens(text), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\r\n \f\v")]
    [TestCase("... ,,, -)")]
    public void Empty_whitespace_and_punctuation_only_text_gives_no_tokens(string? text) =>
        Assert.That(Tokens(text), Is.Empty);

    [Test]
    public void Long_text_keeps_every_token_and_the_vocabulary_truncates_later()
    {
        string text = string.Join(' ', Enumerable.Range(0, 300).Select(i => $"w{i}"));

        string[] tokens = Tokens(text);

        Assert.That(tokens, Has.Length.EqualTo(300));
        Assert.That(tokens[299], Is.EqualTo("w299"));
    }

    [Test]
    public void Tokens_never_hold_spaces_or_ascii_upper_case()
    {
        string text = "Mixed CASE @Someone http://X.Y &amp;&quot; WOW!!! ?? it's \t\n NOT ok \u00a0 #Tag";

        string[] tokens = Tokens(text);

        Assert.That(tokens, Is.Not.Empty);
        Assert.That(tokens, Has.None.Contains(" "));
        Assert.That(tokens, Has.None.Matches("[A-Z]"));
    }

    [Test]
    public void Tokenizing_is_idempotent_on_its_own_output()
    {
        string text = "@a I CAN'T believe it!!! soooo bad http://x.y &lt;3 #fail :(";

        string[] once = Tokens(text);
        string[] twice = Tokens(string.Join(' ', once));

        Assert.That(twice, Is.EqualTo(once));
    }

    [Test]
    public void Every_rule_pattern_keeps_to_what_TensorFlow_and_TensorFlow_js_run_alike()
    {
        Assert.Multiple(() =>
        {
            foreach (var rule in TokenizerSpec.Rules)
            {
                Assert.That(rule.Pattern, Does.Not.Match(@"\\[SWDB]"), rule.Name);
                Assert.That(rule.Pattern, Does.Not.Match("[A-Z]"), rule.Name);
                Assert.That(rule.Replacement, Does.Not.Contain("\\").And.Not.Contain("$"), rule.Name);
            }
        });
    }

    [Test]
    public void Skipping_rules_that_cannot_match_gives_exactly_what_applying_every_rule_gives()
    {
        // The reference applies the specification literally; the tokenizer skips rules by cheap checks.
        var reference = TokenizerSpec.Rules.Select(r => (Regex: new Regex(r.Pattern, RegexOptions.CultureInvariant), r.Replacement)).ToArray();
        string[] Literal(string text)
        {
            string normalised = string.Concat(text.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c));
            foreach (var (regex, replacement) in reference) normalised = regex.Replace(normalised, replacement);
            return normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        using var sample = new StreamReader(TwitterSentiment.Trainer.Data.DefaultData.OpenSample());
        var texts = sample.ReadToEnd().Split('\n').Concat(HardCases).Concat(TwitterSentiment.Trainer.Tests.Export.HardTweets.Load()).ToList();

        var mismatches = texts.Where(text => !Tokens(text).SequenceEqual(Literal(text))).Take(5).ToList();

        Assert.That(texts, Has.Count.GreaterThan(3400));
        Assert.That(mismatches, Is.Empty);
    }

    private static readonly string[] HardCases =
    [
        "a'aa b'bb aa'a", "sooo'ooo", "&amp;amp; &&lt;lt;3", "<<33 <3<3<3", "@@user @ @a@b", "www.www.www",
        "http://aaa.com/eee?x=!!! yesss", "AAA bbb CcC dddD", "!!!???!!!", "e’ee", "zzzzz yyy xxx",
        "&#39;&#39;&#39;", "&apos;s", "<3", "&lt;3", "heart&lt;33333", "a\tb\nc\rd\fe\vf",
    ];
}
