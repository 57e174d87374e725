using System.Diagnostics;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What both the Analyze and the Batch page do with valid input: ask TF Serving only when the model is
/// AVAILABLE, time the prediction, and turn every TF Serving failure into a <see cref="ModelProblem"/> to show.
/// </summary>
public sealed class SentimentAnalyzer(TfServingClient client, ModelStatusCache statusCache, IOptions<TfServingOptions> serving)
{
    public async Task<AnalysisOutcome> AnalyzeAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        string modelName = serving.Value.ModelName;
        try
        {
            var status = await statusCache.GetAsync(client, cancellationToken);
            if (!status.IsAvailable)
            {
                return AnalysisOutcome.Failed(ModelProblem.NotAvailable(status, modelName));
            }

            long started = Stopwatch.GetTimestamp();
            var predictions = await client.PredictAsync(texts, cancellationToken);
            return new AnalysisOutcome(predictions, Stopwatch.GetElapsedTime(started), status.ServedVersion, Problem: null);
        }
        catch (ModelNotFoundException ex) when (ex.IsNotLoadedYet)
        {
            return AnalysisOutcome.Failed(ModelProblem.Loading(modelName));
        }
        catch (TfServingException ex)
        {
            return AnalysisOutcome.Failed(ModelProblem.From(ex, modelName));
        }
    }
}
