using System.Diagnostics;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// The one analysis both the Analyze and the Batch page use. It asks TF Serving only when the model is AVAILABLE, then
/// the served model's own <c>tokenize</c> signature (what it knew of each text and, by its <c>token_count</c>, whether it
/// cut it; an export without the signature just gives no facts), then the prediction, timed. Every TF Serving failure
/// becomes a <see cref="ModelProblem"/> to show, and the first one that means the server is out of reach ends the
/// request, so one page never spends several calls' retries on a server that is down.
/// </summary>
public sealed class SentimentAnalyzer(TfServingClient client, ModelStatusCache statusCache, IOptions<TfServingOptions> serving)
{
    /// <summary>Predictions and token facts for every text, in order (Batch).</summary>
    public Task<AnalysisOutcome> AnalyzeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return ReadAsync(texts, texts, cancellationToken);
    }

    /// <summary>
    /// One tweet and why (Analyze): leave-one-out occlusion through TF Serving itself, so it works with any exported
    /// version. The tweet and every variant with one word left out go in one predict request; a word's influence is
    /// P(tweet) − P(tweet without it). Words are split on whitespace, as the visitor sees them.
    /// </summary>
    public async Task<ExplainedAnalysis> ExplainAsync(string text, CancellationToken cancellationToken)
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

        var outcome = await ReadAsync(instances, [text], cancellationToken);
        if (outcome.Problem is not null)
        {
            return new ExplainedAnalysis(null, null, outcome.Problem);
        }

        var full = outcome.Predictions[0];
        var result = new AnalyzeResult(text, full, outcome.Latency, outcome.ModelVersion);
        var influences = explain
            ? words.Select((word, i) => new WordInfluence(word, full.Probability - outcome.Predictions[i + 1].Probability)).ToList()
            : null;
        return new ExplainedAnalysis(result, new Explanation(influences, outcome.Tokens[0]), null);
    }

    /// <param name="predicted">The texts to predict.</param>
    /// <param name="inspected">The texts to tokenize (the tweets themselves, not explanation variants).</param>
    private async Task<AnalysisOutcome> ReadAsync(IReadOnlyList<string> predicted, IReadOnlyList<string> inspected, CancellationToken cancellationToken)
    {
        string modelName = serving.Value.ModelName;
        try
        {
            var status = await statusCache.GetAsync(client, cancellationToken);
            if (!status.IsAvailable)
            {
                return AnalysisOutcome.Failed(ModelProblem.NotAvailable(status, modelName));
            }

            var tokens = await InspectAsync(inspected, cancellationToken);
            long started = Stopwatch.GetTimestamp();
            var predictions = await client.PredictAsync(predicted, cancellationToken);
            return new AnalysisOutcome(predictions, tokens, Stopwatch.GetElapsedTime(started), status.ServedVersion, Problem: null);
        }
        catch (TfServingException ex)
        {
            return AnalysisOutcome.Failed(ModelProblem.From(ex, modelName));
        }
    }

    /// <summary>
    /// The tokenize signature is a bonus: an export without it (TF Serving answers 400) or with an answer of another
    /// shape gives no facts. A server out of reach is not a bonus matter: that ends the request.
    /// </summary>
    private async Task<IReadOnlyList<TokenFacts?>> InspectAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await client.TokenizeAsync(texts, cancellationToken)).Select(TokenFacts.From)];
        }
        catch (Exception ex) when (ex is InvalidModelInputException or UnexpectedModelResponseException)
        {
            return new TokenFacts?[texts.Count];
        }
    }
}
