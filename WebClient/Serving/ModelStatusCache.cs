using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// Reuses the model status, and the version each label points to, for a few seconds, so showing "answered by version N"
/// beside every prediction does not add calls to TF Serving. Only successful answers are kept; the last status is also
/// kept beyond that, for the version pickers (<see cref="LastStatus"/>).
/// </summary>
public sealed class ModelStatusCache(TimeProvider time, IOptions<TfServingOptions> options)
{
    private sealed record Entry<T>(T Value, DateTimeOffset FetchedAt);

    private readonly ConcurrentDictionary<string, Entry<long?>> _labels = new(StringComparer.Ordinal);
    private volatile Entry<ModelStatus>? _status;

    /// <summary>The last status TF Serving gave, however old; null before the first answer.</summary>
    public ModelStatus? LastStatus => _status?.Value;

    public async Task<ModelStatus> GetAsync(TfServingClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_status is { } entry && IsFresh(entry) && entry.Value.IsAvailable)
        {
            return entry.Value;
        }

        var status = await client.GetModelStatusAsync(cancellationToken);
        _status = new Entry<ModelStatus>(status, time.GetUtcNow());
        return status;
    }

    /// <summary>The version a label points to, from the label's metadata (TF Serving resolves it); errors are not kept.</summary>
    public async Task<long?> GetLabelVersionAsync(TfServingClient client, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(label);
        if (_labels.TryGetValue(label, out var entry) && IsFresh(entry))
        {
            return entry.Value;
        }

        var metadata = await client.GetModelMetadataAsync(ModelTarget.ForLabel(label), cancellationToken);
        _labels[label] = new Entry<long?>(metadata.Version, time.GetUtcNow());
        return metadata.Version;
    }

    private bool IsFresh<T>(Entry<T> entry) => time.GetUtcNow() - entry.FetchedAt < options.Value.StatusCacheDuration;
}
