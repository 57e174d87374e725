using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Contracts.Tests.Rest;

public sealed class NonFiniteJsonTests
{
    [TestCase("[NaN, Infinity, -Infinity]", "[\"NaN\", \"Infinity\", \"-Infinity\"]")]
    [TestCase("{\"p\":NaN}", "{\"p\":\"NaN\"}")]
    [TestCase("{\"p\": -1.5, \"q\": 2e-3}", "{\"p\": -1.5, \"q\": 2e-3}")]
    public void Bare_non_finite_tokens_are_quoted_and_numbers_left_alone(string json, string expected) =>
        Assert.That(NonFiniteJson.QuoteBareTokens(json), Is.EqualTo(expected));

    [Test]
    public void Tokens_inside_strings_including_escaped_quotes_are_not_touched()
    {
        const string json = "{\"label\": \"NaN \\\" Infinity\", \"p\": NaN}";

        string quoted = NonFiniteJson.QuoteBareTokens(json);

        Assert.That(quoted, Is.EqualTo("{\"label\": \"NaN \\\" Infinity\", \"p\": \"NaN\"}"));
    }
}
