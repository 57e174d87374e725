using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Fetches Sentiment140's archive, unpacks the training CSV into data/ and verifies it. Every file appears under its
/// final name only when complete (written as <c>*.partial</c>, then renamed), and an interrupted download resumes
/// from the partial file with an HTTP range request.
/// </summary>
public sealed class Sentiment140Downloader(HttpClient httpClient)
{
    public const string PartialSuffix = ".partial";
    public const string UnverifiedSuffix = ".unverified";
    private const int BufferSize = 1 << 16;

    /// <summary>Downloads the archive to <see cref="Sentiment140DownloadOptions.ArchivePath"/> unless it is already there.</summary>
    public async Task<string> DownloadArchiveAsync(Sentiment140DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        string archive = options.ArchivePath;
        if (File.Exists(archive)) return archive;

        string partial = archive + PartialSuffix;
        long existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
        if (existing > 0) request.Headers.Range = new RangeHeaderValue(existing, null);

        HttpResponseMessage response;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            waiting.CancelAfter(options.StallTimeout);
            try
            {
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, waiting.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw new DataException($"Cannot reach {options.Url}: {exception.Message}. Check the connection, or pass another address with --url.", exception);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DataException($"{options.Url} did not answer within {options.StallTimeout.TotalSeconds:0} s. Try again later, or pass another address with --url.", exception);
            }
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
            {
                // The partial file is at least as long as the archive: start again rather than guess.
                File.Delete(partial);
                return await DownloadArchiveAsync(options, progress, cancellationToken).ConfigureAwait(false);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new DataException(
                    $"Downloading {options.Url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}. Check the address, or pass another with --url.");
            }

            bool resumed = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
            if (!resumed) existing = 0;
            long? total = response.Content.Headers.ContentLength is { } length ? existing + length : null;
            await CopyToPartialAsync(response, partial, existing, total, options.StallTimeout, progress, cancellationToken).ConfigureAwait(false);
        }

        if (options.ExpectedArchiveMd5 is { } expectedMd5)
        {
            string actual = await Md5Async(partial, cancellationToken).ConfigureAwait(false);
            if (!actual.Equals(expectedMd5, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(partial);
                throw new DataException(
                    $"The archive from {options.Url} is not Sentiment140's (MD5 {actual}, expected {expectedMd5}); it was deleted. " +
                    "Try again, or pass another address with --url.");
            }
        }
        File.Move(partial, archive, overwrite: true);
        return archive;
    }

    private static async Task CopyToPartialAsync(HttpResponseMessage response, string partial, long existing, long? total,
        TimeSpan stallTimeout, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        long received = existing;
        var mode = existing > 0 ? FileMode.Append : FileMode.Create;
        await using (var file = new FileStream(partial, mode, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] buffer = new byte[BufferSize];
            progress?.Report(new DownloadProgress(received, total));
            // A connection can stall without ever failing; give up when no byte arrives for a while.
            using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stalled.CancelAfter(stallTimeout);
            try
            {
                int n;
                while ((n = await body.ReadAsync(buffer, stalled.Token).ConfigureAwait(false)) > 0)
                {
                    stalled.CancelAfter(stallTimeout);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    received += n;
                    progress?.Report(new DownloadProgress(received, total));
                }
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                throw Interrupted(received, total, exception);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw Interrupted(received, total, exception, $" (nothing arrived for {stallTimeout.TotalSeconds:0} s)");
            }
        }
        if (total is { } expected && received != expected) throw Interrupted(received, total, null);
    }

    private static DataException Interrupted(long received, long? total, Exception? cause, string why = "")
    {
        string of = total is { } t ? $" of {t:N0}" : "";
        string message = $"The download stopped after {received:N0}{of} bytes{why}. Run the same command again to resume it.";
        return cause is null ? new DataException(message) : new DataException(message, cause);
    }

    private static async Task<string> Md5Async(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
#pragma warning disable CA5351 // MD5 is what the archive's publishers list; it detects corruption, not tampering.
        byte[] hash = await MD5.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Unpacks the training CSV and verifies it (<see cref="Extract"/>, then <see cref="Install"/>).</summary>
    public static Sentiment140Verification ExtractAndVerify(string archivePath, Sentiment140DownloadOptions options,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
        Install(Extract(archivePath, options, progress, cancellationToken), archivePath, options, progress, cancellationToken);

    /// <summary>
    /// Unpacks the training CSV from <paramref name="archivePath"/> next to its final place as <c>*.partial</c>,
    /// reporting bytes written of the uncompressed size. Returns the partial file's path.
    /// </summary>
    public static string Extract(string archivePath, Sentiment140DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string partial = options.CsvPath + PartialSuffix;
        try
        {
            using var zip = OpenArchive(archivePath);
            var entry = zip.Entries.FirstOrDefault(e => Path.GetFileName(e.FullName) == DefaultData.Sentiment140FileName)
                ?? throw new DataException(
                    $"{archivePath} does not contain {DefaultData.Sentiment140FileName}; it holds: " +
                    $"{string.Join(", ", zip.Entries.Select(e => e.FullName).DefaultIfEmpty("nothing"))}. Check the address given with --url.");
            using var source = entry.Open();
            using var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize);
            byte[] buffer = new byte[BufferSize];
            long written = 0;
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                target.Write(buffer, 0, n);
                written += n;
                progress?.Report(new DownloadProgress(written, entry.Length));
            }
            ExtractTestSet(zip, options.DataDirectory);
            return partial;
        }
        catch (InvalidDataException exception)
        {
            File.Delete(partial);
            File.Delete(archivePath);
            throw new DataException($"{archivePath} is damaged ({exception.Message}); it was deleted. Run the command again to download it anew.", exception);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>
    /// Keeps the archive's hand-labelled test set (the benchmark the Sentiment140 paper reports), which training then
    /// scores automatically. Small, so it is written whole and renamed into place.
    /// </summary>
    private static void ExtractTestSet(ZipArchive zip, string dataDirectory)
    {
        var entry = zip.Entries.FirstOrDefault(e => Path.GetFileName(e.FullName) == DefaultData.Sentiment140TestFileName);
        if (entry is null) return;
        string target = Path.Combine(dataDirectory, DefaultData.Sentiment140TestFileName);
        entry.ExtractToFile(target + PartialSuffix, overwrite: true);
        File.Move(target + PartialSuffix, target, overwrite: true);
    }

    /// <summary>
    /// Verifies an unpacked file and only then moves it to <see cref="Sentiment140DownloadOptions.CsvPath"/> (and deletes
    /// the archive unless it is to be kept). A file that fails is left as <c>*.unverified</c>, with the archive, so the
    /// default data never silently becomes a bad file.
    /// </summary>
    public static Sentiment140Verification Install(string extractedPath, string archivePath, Sentiment140DownloadOptions options,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            var verification = Verify(extractedPath, options, progress, cancellationToken);
            if (!verification.Passed)
            {
                string unverified = options.CsvPath + UnverifiedSuffix;
                File.Move(extractedPath, unverified, overwrite: true);
                return verification with { Path = unverified };
            }
            File.Move(extractedPath, options.CsvPath, overwrite: true);
            if (!options.KeepArchive) File.Delete(archivePath);
            return verification with { Path = options.CsvPath };
        }
        catch
        {
            File.Delete(extractedPath);
            throw;
        }
    }

    private static ZipArchive OpenArchive(string archivePath)
    {
        try
        {
            return ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException exception)
        {
            File.Delete(archivePath);
            throw new DataException($"{archivePath} is not a zip archive ({exception.Message}); it was deleted. Check the address given with --url.", exception);
        }
    }

    /// <summary>Reads <paramref name="csvPath"/> as Sentiment140 and checks its format and class counts.</summary>
    public static Sentiment140Verification Verify(string csvPath, Sentiment140DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        long size = File.Exists(csvPath) ? new FileInfo(csvPath).Length : 0;
        var bytesRead = progress is null ? null : new SynchronousProgress<long>(bytes => progress.Report(new DownloadProgress(bytes, size)));
        var data = TweetDataReader.Read(csvPath, new DataReadOptions { BytesRead = bytesRead }, cancellationToken);
        int positive = data.PositiveCount;
        int negative = data.Tweets.Count - positive;
        var problems = new List<string>();
        if (data.Format != DataFormat.Sentiment140) problems.Add($"it is a {data.Format} file, not Sentiment140's original layout");
        if (negative != options.ExpectedRowsPerClass) problems.Add($"{negative:N0} negative rows, expected {options.ExpectedRowsPerClass:N0}");
        if (positive != options.ExpectedRowsPerClass) problems.Add($"{positive:N0} positive rows, expected {options.ExpectedRowsPerClass:N0}");
        if (data.NeutralSkipped != 0) problems.Add($"{data.NeutralSkipped:N0} neutral rows, expected none");
        if (data.Malformed.Count != 0) problems.Add($"{data.Malformed.Count:N0} malformed rows (first at line {data.Malformed[0].LineNumber}: {data.Malformed[0].Reason})");
        return new Sentiment140Verification(csvPath, size, data.Sha256, data.RowsRead, negative, positive,
            data.NeutralSkipped, data.Malformed.Count, problems);
    }
}
