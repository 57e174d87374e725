using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Keeps a batch's results on the server for a short time under an unguessable id, so the download needs no
/// round trip of the data through the page (which could exceed the request limit and doubled the page weight).
/// Bounded by size (characters of text kept) and by time; one replica only, like the rest of the site's state.
/// </summary>
public sealed class BatchResultsStore : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>About 64 MB of UTF-16 text across all kept batches; the oldest give way first.</summary>
    private const long SizeLimitInCharacters = 32L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitInCharacters, CompactionPercentage = 0.25 });

    public string Save(IReadOnlyList<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var size = rows.Sum(r => (long)r.Text.Length + 32);
        _cache.Set(id, rows, new MemoryCacheEntryOptions { Size = Math.Max(1, size), AbsoluteExpirationRelativeToNow = Lifetime });
        return id;
    }

    public IReadOnlyList<BatchRow>? Find(string? id) =>
        id is { Length: 32 } && _cache.TryGetValue(id, out IReadOnlyList<BatchRow>? rows) ? rows : null;

    public void Dispose() => _cache.Dispose();
}
