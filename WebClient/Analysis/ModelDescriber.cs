using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the Model page shows about one version (the visitor's choice, else the pinned one, else the newest): the
/// versions and states TF Serving lists, the version's signatures, and what its export says about its training.
/// </summary>
public sealed class ModelDescriber(TfServingClient client, ModelVersions versions, ModelStatusCache cache, IOptions<TfServingOptions> serving)
{
    public async Task<ModelDescription> DescribeAsync(ModelTarget? choice, CancellationToken cancellationToken)
    {
        ModelStatus? status = null;
        try
        {
            status = await cache.GetAsync(client, cancellationToken);
            var model = await versions.ResolveAsync(choice, cancellationToken);
            if (model.Problem is { } refused)
            {
                return new ModelDescription(status, model, null, null, ModelInfoState.Unavailable, refused);
            }

            var metadata = await client.GetModelMetadataAsync(model.Target, cancellationToken);
            var (info, state) = await InfoAsync(model.Target, cancellationToken);
            return new ModelDescription(status, model, metadata, info, state, null);
        }
        catch (TfServingException ex)
        {
            return new ModelDescription(status, null, null, null, ModelInfoState.Unavailable, ModelProblem.From(ex, serving.Value.ModelName));
        }
    }

    /// <summary>Model info is optional: its absence or a failure to read it never hides the rest of the page.</summary>
    private async Task<(ModelInfo? Info, ModelInfoState State)> InfoAsync(ModelTarget? target, CancellationToken cancellationToken)
    {
        try
        {
            string? json = await client.GetModelInfoJsonAsync(target, cancellationToken);
            var info = json is null ? null : ModelInfo.Parse(json);
            return (info, json is null ? ModelInfoState.Absent : info is null ? ModelInfoState.Unreadable : ModelInfoState.Shown);
        }
        catch (TfServingException ex) when (ex is not (ModelServerUnavailableException or CircuitOpenException))
        {
            return (null, ModelInfoState.Unavailable);
        }
    }
}

/// <summary>The Model page's facts; <see cref="Problem"/> says why some are missing.</summary>
public sealed record ModelDescription(
    ModelStatus? Status, ResolvedModel? Model, ModelMetadata? Metadata, ModelInfo? Info, ModelInfoState InfoState, ModelProblem? Problem);

/// <summary>Whether the version's training facts could be shown.</summary>
public enum ModelInfoState
{
    /// <summary>Read and shown.</summary>
    Shown,

    /// <summary>The export has no model_info signature (made before it existed).</summary>
    Absent,

    /// <summary>Its model_info is not a JSON object.</summary>
    Unreadable,

    /// <summary>TF Serving did not return it just now.</summary>
    Unavailable,
}
