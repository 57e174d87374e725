using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Why the model answered as it did, computed through TF Serving itself so it works with any exported version:
/// leave-one-out occlusion. The tweet and every variant with one word left out go in one predict request; a
/// word's influence is P(full tweet) − P(tweet without it). Words are split on whitespace, as the visitor sees
/// them. The tokenize signature (asked at the same time) says whether the model knew any of the words and
/// whether the tweet was cut at the model's sequence length (see <see cref="TokenInspector"/>).
/// </summary>
public sealed class ModelExplainer(SentimentAnalyzer analyzer, TokenInspector tokens, IOptions<TfServingOptions> serving)
{
    public async Task<ExplainedAnalysis> AnalyzeAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        // Explanations stay one request: the tweet plus its variants must fit one predict batch (128 by default;
        // a 280-character tweet of ordinary words has about 60).
        bool explain = words.Length + 1 <= serving.Value.PredictBatchSize;
        var instances = new List<string> { text };
        if (explain)
        {
            instances.AddRange(Enumerable.Range(0, words.Length).Select(left => string.Join(' ', words.Where((_, i) => i != left))));
        }

        var inspection = tokens.InspectAsync([text], cancellationToken);
        var outcome = await analyzer.AnalyzeAsync(instances, cancellationToken);
        var facts = (await inspection)[0];
        if (outcome.Problem is not null)
        {
            return new ExplainedAnalysis(null, null, outcome.Problem);
        }

        var full = outcome.Predictions[0];
        var result = new AnalyzeResult(text, full, outcome.Latency, outcome.ModelVersion);
        var influences = explain
            ? words.Select((word, i) => new WordInfluence(word, full.Probability - outcome.Predictions[i + 1].Probability)).ToList()
            : null;
        return new ExplainedAnalysis(result, new Explanation(influences, facts), null);
    }
}
