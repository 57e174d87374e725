using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using TorchSharp;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Runs;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// Folders built once and then only read, shared by every test process on the machine. dotnet test runs the test
/// projects in parallel processes, so the first to ask for a folder builds it while holding an exclusive lock on a file
/// beside it (an OS lock: it is released if that process dies), and the others wait for the lock, then find the folder
/// complete. A folder counts as complete once its marker file exists; one without it (an interrupted build) is built again.
/// </summary>
public sealed class TinyModelCache(string root)
{
    private const string CompleteMarker = ".complete";
    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Caches of other code versions not used for this long are deleted when a new one is made.</summary>
    private static readonly TimeSpan UnusedCacheLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// The cache for the code these tests were built from, under the system temp folder: its name is a hash of the
    /// Trainer, the contract library, TorchSharp and this assembly (which holds the recipe), so any change to what
    /// makes the models gets fresh ones and a stale model is never reused.
    /// </summary>
    public static TinyModelCache ForThisCode()
    {
        string parent = Path.Combine(Path.GetTempPath(), "twittersentiment-tiny-models");
        string root = Path.Combine(parent, CodeHash(typeof(TrainingRun).Assembly, typeof(ServingContract).Assembly, typeof(torch).Assembly, typeof(TinyModelCache).Assembly));
        if (!Directory.Exists(root))
        {
            DeleteUnused(parent);
        }

        Directory.CreateDirectory(root);
        Directory.SetLastWriteTimeUtc(root, DateTime.UtcNow); // in use: not one to delete
        return new TinyModelCache(root);
    }

    public string Root { get; } = root;

    /// <summary>How long to wait for another process's build before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>The complete folder <paramref name="name"/>, built by <paramref name="build"/> (into an empty folder) if no process has yet.</summary>
    /// <exception cref="TimeoutException">Another process held the lock longer than <see cref="LockTimeout"/>.</exception>
    public string GetOrBuild(string name, Action<string> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        string folder = Path.Combine(Root, name);
        if (IsComplete(folder))
        {
            return folder;
        }

        Directory.CreateDirectory(Root);
        using var buildLock = Acquire(Path.Combine(Root, $"{name}.lock"));
        if (IsComplete(folder))
        {
            return folder; // another process built it while we waited
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // an interrupted build
        }

        Directory.CreateDirectory(folder);
        try
        {
            build(folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        MarkComplete(folder);
        return folder;
    }

    public static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, CompleteMarker));

    /// <summary>The first 16 hex digits of SHA-256 over the assemblies' SHA-256s, in order.</summary>
    internal static string CodeHash(params Assembly[] assemblies)
    {
        string hashes = string.Concat(assemblies.Select(assembly => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(assembly.Location)))));
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(hashes)))[..16];
    }

    /// <summary>Each code change makes a new cache (about 3 MB): the ones nobody used for a week go.</summary>
    private static void DeleteUnused(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var cache in new DirectoryInfo(parent).EnumerateDirectories().Where(d => DateTime.UtcNow - d.LastWriteTimeUtc > UnusedCacheLifetime))
        {
            try
            {
                cache.Delete(recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another user's, or in use after all: leave it.
            }
        }
    }

    private static void MarkComplete(string folder)
    {
        // Written beside and renamed into place: a reader sees the marker whole or not at all.
        string temporary = Path.Combine(folder, $"{CompleteMarker}.{Guid.NewGuid():N}");
        File.WriteAllText(temporary, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        File.Move(temporary, Path.Combine(folder, CompleteMarker));
    }

    /// <summary>Polls for the exclusive lock (.NET takes an flock on Unix, a share lock on Windows).</summary>
    private FileStream Acquire(string lockFile)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(lockFile))
            {
                Thread.Sleep(LockPollInterval);
            }
            catch (IOException error) when (File.Exists(lockFile))
            {
                throw new TimeoutException($"Another test process held {lockFile} for more than {LockTimeout} while building a tiny model.", error);
            }
        }
    }
}
