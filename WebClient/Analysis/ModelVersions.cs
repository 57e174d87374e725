using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Which version of the model answers: the visitor's choice (a version or a label), else the one the site is pinned to
/// (TfServing:Version or TfServing:Label), else the newest. A version must be listed AVAILABLE by the status endpoint; a
/// label is resolved by TF Serving itself (its metadata names the version), so an unknown label gets TF Serving's own
/// message. Both answers are cached for StatusCacheDuration.
/// </summary>
public sealed class ModelVersions(TfServingClient client, ModelStatusCache cache, IOptions<TfServingOptions> serving)
{
    public ModelTarget? Pinned => serving.Value.Pinned;

    /// <summary>
    /// What a version picker offers without a call (pages shown by GET call no model server): the versions last listed,
    /// by any page or the readiness probe; none before the first answer.
    /// </summary>
    public ModelChoices Known => new(cache.LastStatus?.Versions ?? [], Pinned) { Listed = cache.LastStatus is not null };

    /// <summary>What a version picker offers: the versions last listed (asked once if none was yet; none if that fails).</summary>
    public async Task<ModelChoices> ChoicesAsync(CancellationToken cancellationToken)
    {
        var status = cache.LastStatus;
        if (status is null)
        {
            try
            {
                status = await cache.GetAsync(client, cancellationToken);
            }
            catch (TfServingException)
            {
                // The picker still works without suggestions; the page says what is wrong when it is used.
            }
        }

        return new ModelChoices(status?.Versions ?? [], Pinned) { Listed = status is not null };
    }

    /// <summary>The target to call for <paramref name="choice"/> (null: the default) and its version, or why it cannot answer.</summary>
    /// <exception cref="TfServingException">The model server could not be asked.</exception>
    public async Task<ResolvedModel> ResolveAsync(ModelTarget? choice, CancellationToken cancellationToken)
    {
        var target = choice ?? Pinned;
        if (target is { Label: { } label })
        {
            return await ResolveLabelAsync(target, label, cancellationToken);
        }

        var status = await cache.GetAsync(client, cancellationToken);
        if (target is not { Version: { } version })
        {
            return status.IsAvailable
                ? new ResolvedModel(null, status.ServedVersion, null)
                : ResolvedModel.Refused(ModelProblem.NotAvailable(status, serving.Value.ModelName));
        }

        var state = status.Versions.FirstOrDefault(v => v.Version == version);
        return state is null ? ResolvedModel.Refused(ModelProblem.VersionNotListed(version, status))
            : state.State != ModelStatus.Available ? ResolvedModel.Refused(ModelProblem.VersionNotAvailable(state))
            : new ResolvedModel(target, version, null);
    }

    private async Task<ResolvedModel> ResolveLabelAsync(ModelTarget target, string label, CancellationToken cancellationToken)
    {
        try
        {
            return new ResolvedModel(target, await cache.GetLabelVersionAsync(client, label, cancellationToken), null);
        }
        catch (InvalidModelInputException unknown)
        {
            return ResolvedModel.Refused(ModelProblem.LabelUnknown(label, unknown.Message));
        }
        catch (ModelNotFoundException notServed)
        {
            return ResolvedModel.Refused(ModelProblem.TargetNotServed(target, notServed.Message));
        }
    }
}

/// <summary>A choice resolved: the target to call (null = TF Serving's newest) and the version that answers, or the problem.</summary>
public sealed record ResolvedModel(ModelTarget? Target, long? Version, ModelProblem? Problem)
{
    public static ResolvedModel Refused(ModelProblem problem) => new(null, null, problem);

    /// <summary>"version 2", or "stable (version 1)" for a label: what answered, as the pages say it.</summary>
    public string Description
    {
        get
        {
            string version = Version is { } v ? $"version {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "an unknown version";
            return Target is { Label: { } label } ? $"{label} ({version})" : version;
        }
    }
}

/// <summary>What a version picker offers and what it means when left empty.</summary>
public sealed record ModelChoices(IReadOnlyList<ModelVersionState> Versions, ModelTarget? Pinned)
{
    /// <summary>False when the site has not heard the versions yet (none listed since it started).</summary>
    public bool Listed { get; init; }

    public long? Newest => Versions.Where(v => v.State == ModelStatus.Available).Select(v => (long?)v.Version).Max();

    /// <summary>What an empty picker uses, in words.</summary>
    public string Default => Pinned is { } pinned
        ? $"{(pinned.Label is null ? "version " : "")}{pinned}, which this site is pinned to"
        : Newest is { } newest ? $"the newest, version {newest.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "the newest version";
}
