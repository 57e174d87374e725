using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Runs the same tweets on two versions (or labels) of the model and lines the answers up. A version the
/// status endpoint does not list as AVAILABLE is explained before anything is predicted.
/// </summary>
public sealed class VersionComparer(TfServingClient client, Microsoft.Extensions.Options.IOptions<TfServingOptions> serving)
{
    public async Task<Comparison> CompareAsync(ModelTarget first, ModelTarget second, IReadOnlyList<CompareInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(inputs);
        string modelName = serving.Value.ModelName;
        try
        {
            var status = await client.GetModelStatusAsync(cancellationToken);
            if ((NotAvailable(status, first) ?? NotAvailable(status, second)) is { } problem)
            {
                return Comparison.Failed(problem);
            }

            var texts = inputs.Select(i => i.Text).ToList();
            var firstAnswers = client.PredictOnAsync(first, texts, cancellationToken);
            var secondAnswers = client.PredictOnAsync(second, texts, cancellationToken);
            var a = await Answer(firstAnswers, first, modelName);
            var b = await Answer(secondAnswers, second, modelName);
            if ((a.Problem ?? b.Problem) is { } failed)
            {
                return Comparison.Failed(failed);
            }

            var rows = inputs.Select((input, i) => new ComparisonRow(input.Text, input.Label, a.Predictions[i], b.Predictions[i])).ToList();
            return new Comparison(rows, null);
        }
        catch (TfServingException ex)
        {
            return Comparison.Failed(ModelProblem.From(ex, modelName));
        }
    }

    /// <summary>The versions a visitor can pick: every AVAILABLE one, newest first (labels are typed).</summary>
    public async Task<IReadOnlyList<ModelVersionState>> VersionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetModelStatusAsync(cancellationToken)).Versions;
        }
        catch (TfServingException)
        {
            return [];
        }
    }

    private static ModelProblem? NotAvailable(ModelStatus status, ModelTarget target)
    {
        if (target.Version is not { } version)
        {
            return null; // Labels are not in the status answer; TF Serving itself says if one is unknown.
        }

        var state = status.Versions.FirstOrDefault(v => v.Version == version);
        if (state is null)
        {
            string known = status.Versions.Count == 0 ? "none" : string.Join(", ", status.Versions.Select(v => $"{v.Version} ({v.State})"));
            return new("version-unknown", $"Version {version} is not served", $"TensorFlow Serving does not list version {version}. Versions it lists: {known}.");
        }

        if (state.State != ModelStatus.Available)
        {
            string why = state.ErrorCode != "OK" ? $" It failed: {state.ErrorCode} {state.ErrorMessage}" : state.State is "START" or "LOADING" ? " It is still loading; try again shortly." : "";
            return new("version-unavailable", $"Version {version} is not available", $"Its state is {state.State}, so it cannot answer.{why}");
        }

        return null;
    }

    private static async Task<(IReadOnlyList<SentimentPrediction> Predictions, ModelProblem? Problem)> Answer(
        Task<IReadOnlyList<SentimentPrediction>> call, ModelTarget target, string modelName)
    {
        try
        {
            return (await call, null);
        }
        catch (ModelNotFoundException ex)
        {
            return ([], new("target-not-found", $"“{target}” cannot answer", $"TensorFlow Serving says: {ex.Message}"));
        }
        catch (InvalidModelInputException ex) when (target.Label is not null)
        {
            return ([], new("label-unknown", $"The label “{target}” cannot answer", $"TensorFlow Serving says: {ex.Message}"));
        }
        catch (TfServingException ex)
        {
            return ([], ModelProblem.From(ex, modelName));
        }
    }
}
