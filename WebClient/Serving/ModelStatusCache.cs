using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// Reuses the model status for a few seconds, so showing "answered by version N" beside every prediction
/// does not double the calls to TF Serving. Only successful answers are kept.
/// </summary>
public sealed class ModelStatusCache(TimeProvider time, IOptions<TfServingOptions> options)
{
    private sealed record Entry(ModelStatus Status, DateTimeOffset FetchedAt);

    private volatile Entry? _entry;

    public async Task<ModelStatus> GetAsync(TfServingClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var entry = _entry;
        if (entry is not null && now - entry.FetchedAt < options.Value.StatusCacheDuration && entry.Status.IsAvailable)
        {
            return entry.Status;
        }

        var status = await client.GetModelStatusAsync(cancellationToken);
        _entry = new Entry(status, now);
        return status;
    }
}
