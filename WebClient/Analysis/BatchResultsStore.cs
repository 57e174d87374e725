using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Keeps a batch's results on the server for a short time under an unguessable id, so the download and the
/// "only the wrong rows" view need no round trip of the data through the page (which could exceed the request
/// limit and doubled the page weight); and keeps an upload whose text column the visitor still has to choose.
/// Bounded by size (characters kept) and by time; one replica only, like the rest of the site's state.
/// </summary>
public sealed class BatchResultsStore : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>About 64 MB of UTF-16 text across all kept batches; the oldest give way first.</summary>
    private const long SizeLimitInCharacters = 32L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitInCharacters, CompactionPercentage = 0.25 });

    public string Save(BatchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Keep(results, results.Size);
    }

    public BatchResults? Find(string? id) => Lookup<BatchResults>(id);

    /// <summary>An upload waiting for the visitor to say which column holds the tweets.</summary>
    public string SavePending(PendingUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return Keep(upload, upload.Text.Length + 64);
    }

    public PendingUpload? FindPending(string? id) => Lookup<PendingUpload>(id);

    public void Dispose() => _cache.Dispose();

    private string Keep(object value, long size)
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _cache.Set(id, value, new MemoryCacheEntryOptions { Size = Math.Max(1, size), AbsoluteExpirationRelativeToNow = Lifetime });
        return id;
    }

    private T? Lookup<T>(string? id)
        where T : class =>
        id is { Length: 32 } && _cache.TryGetValue(id, out object? value) ? value as T : null;
}

/// <summary>A decoded upload kept until the visitor picks its columns; the note says how it was decoded.</summary>
public sealed record PendingUpload(string FileName, string Text, string? EncodingNote);
