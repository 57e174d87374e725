using System.Diagnostics;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// The one analysis both the Analyze and the Batch page use. It asks TF Serving only when the chosen version is AVAILABLE
/// (<see cref="ModelVersions"/>: the visitor's choice, else the pinned one, else the newest), then
/// the served model's own <c>tokenize</c> signature (what it knew of each text and, by its <c>token_count</c>, whether it
/// cut it; an export without the signature just gives no facts), then the prediction, timed. Every TF Serving failure
/// becomes a <see cref="ModelProblem"/> to show, and the first one that means the server is out of reach ends the
/// request, so one page never spends several calls' retries on a server that is down.
/// </summary>
public sealed class SentimentAnalyzer(TfServingClient client, ModelVersions versions, IOptions<TfServingOptions> serving)
{
    /// <summary>Predictions and token facts for every text, in order (Batch).</summary>
    /// <param name="choice">The version or label to ask; null for the default.</param>
    public Task<AnalysisOutcome> AnalyzeAsync(IReadOnlyList<string> texts, ModelTarget? choice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return ReadAsync(texts, choice, cancellationToken);
    }

    /// <summary>
    /// One tweet and why (Analyze): leave-one-out occlusion through TF Serving itself, so it works with any exported
    /// version. The tweet and every variant with one word left out go in one predict request; a word's influence is
    /// P(tweet) − P(tweet without it). Words are split on whitespace, as the visitor sees them. The tokenize request also
    /// carries each prefix of the tweet, whose token counts place every word against the cut (<see cref="WordReading"/>):
    /// of a cut tweet only the words the model read are left out in turn, from the part it read (leaving out a read word
    /// of the whole tweet would pull unread words in and move every answer alike), and the rest are marked not read.
    /// </summary>
    public async Task<ExplainedAnalysis> ExplainAsync(string text, ModelTarget? choice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        // Explanations stay one request each: the tweet plus its variants (or prefixes) must fit one batch (128 by
        // default; a 280-character tweet of ordinary words has about 60).
        bool explain = words.Length + 1 <= serving.Value.PredictBatchSize;
        try
        {
            var model = await versions.ResolveAsync(choice, cancellationToken);
            if (model.Problem is { } refused)
            {
                return new ExplainedAnalysis(null, null, refused);
            }

            var prefixes = explain ? Enumerable.Range(1, Math.Max(0, words.Length - 1)).Select(k => string.Join(' ', words[..k])).ToList() : [];
            var tokenized = await TokenizeAsync(model.Target, [text, .. prefixes], cancellationToken);
            var reading = explain ? Reading(tokenized, words.Length) : null;
            int window = reading?.ReadWords ?? words.Length;
            var instances = new List<string> { text };
            if (explain)
            {
                instances.AddRange(Enumerable.Range(0, window).Select(left => string.Join(' ', words[..window].Where((_, i) => i != left))));
            }

            long started = Stopwatch.GetTimestamp();
            var predictions = await client.PredictAsync(model.Target, instances, cancellationToken);
            var result = new AnalyzeResult(text, predictions[0], Stopwatch.GetElapsedTime(started), model);
            return new ExplainedAnalysis(result, Explain(words, explain ? predictions : null, reading, TokenFacts.From(tokenized[0])), null);
        }
        catch (TfServingException ex)
        {
            return new ExplainedAnalysis(null, null, ModelProblem.From(ex, serving.Value.ModelName));
        }
    }

    /// <summary>Where the words lie against the cut, from the prefixes' token counts; null when the export does not count tokens.</summary>
    private static WordReading? Reading(IReadOnlyList<TokenizedText?> tokenized, int words)
    {
        if (tokenized[0] is not { TokenCount: { } total } whole || words == 0)
        {
            return null;
        }

        var counts = tokenized.Skip(1).Select(t => t?.TokenCount).Append(total).ToList();
        return counts.All(c => c is not null) ? WordReading.From([.. counts.Select(c => c!.Value)], whole.TokenIds) : null;
    }

    /// <param name="predictions">The tweet's, then each read word's variant's; null when the tweet has too many words to explain.</param>
    private static Explanation Explain(string[] words, IReadOnlyList<SentimentPrediction>? predictions, WordReading? reading, TokenFacts? facts)
    {
        if (predictions is null)
        {
            return new Explanation(null, facts);
        }

        double full = predictions[0].Probability;
        var influences = words.Select((word, i) => reading?.States[i] is WordRead.NotRead
            ? WordInfluence.Unread(word)
            : new WordInfluence(word, full - predictions[i + 1].Probability, reading?.States[i] ?? WordRead.Read)).ToList();
        return new Explanation(influences, facts)
        {
            UnknownWords = reading is null ? [] : [.. words.Where((_, i) => reading.Unknown[i]).Distinct()],
            ReadWords = facts is { WasCut: true } && reading is not null ? reading.ReadWords : null,
        };
    }

    private async Task<AnalysisOutcome> ReadAsync(IReadOnlyList<string> texts, ModelTarget? choice, CancellationToken cancellationToken)
    {
        string modelName = serving.Value.ModelName;
        try
        {
            var model = await versions.ResolveAsync(choice, cancellationToken);
            if (model.Problem is { } refused)
            {
                return AnalysisOutcome.Failed(refused);
            }

            var tokens = (await TokenizeAsync(model.Target, texts, cancellationToken)).Select(TokenFacts.From).ToList();
            long started = Stopwatch.GetTimestamp();
            var predictions = await client.PredictAsync(model.Target, texts, cancellationToken);
            return new AnalysisOutcome(predictions, tokens, Stopwatch.GetElapsedTime(started), model, Problem: null);
        }
        catch (TfServingException ex)
        {
            return AnalysisOutcome.Failed(ModelProblem.From(ex, modelName));
        }
    }

    /// <summary>
    /// The tokenize signature is a bonus: an export without it (TF Serving answers 400) or with an answer of another
    /// shape gives no facts (null entries). A server out of reach is not a bonus matter: that ends the request.
    /// </summary>
    private async Task<IReadOnlyList<TokenizedText?>> TokenizeAsync(ModelTarget? target, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        try
        {
            return await client.TokenizeAsync(target, texts, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidModelInputException or UnexpectedModelResponseException)
        {
            return new TokenizedText?[texts.Count];
        }
    }
}
