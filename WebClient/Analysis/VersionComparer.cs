using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Runs the same tweets on two versions (or labels) of the model and lines the answers up. A version that is not
/// listed AVAILABLE, or a label TF Serving does not know, is explained before anything is predicted; the two sides are
/// asked one after the other, so a server that is down costs one call's retries, not two.
/// </summary>
public sealed class VersionComparer(TfServingClient client, ModelVersions versions, Microsoft.Extensions.Options.IOptions<TfServingOptions> serving)
{
    /// <param name="first">A version or label; null for the default (pinned, else newest).</param>
    public async Task<Comparison> CompareAsync(ModelTarget? first, ModelTarget? second, IReadOnlyList<CompareInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        try
        {
            var a = await versions.ResolveAsync(first, cancellationToken);
            var b = a.Problem is null ? await versions.ResolveAsync(second, cancellationToken) : a;
            if ((a.Problem ?? b.Problem) is { } refused)
            {
                return Comparison.Failed(refused);
            }

            var texts = inputs.Select(i => i.Text).ToList();
            var firstAnswers = await client.PredictAsync(a.Target, texts, cancellationToken);
            var secondAnswers = await client.PredictAsync(b.Target, texts, cancellationToken);
            var rows = inputs.Select((input, i) => new ComparisonRow(input.Text, input.Label, firstAnswers[i], secondAnswers[i])).ToList();
            return new Comparison(rows, null) { First = a, Second = b };
        }
        catch (TfServingException ex)
        {
            return Comparison.Failed(ModelProblem.From(ex, serving.Value.ModelName));
        }
    }
}
