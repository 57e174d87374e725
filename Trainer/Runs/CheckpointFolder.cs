using System.Globalization;

namespace TwitterSentiment.Trainer.Runs;

/// <summary>
/// A run's checkpoint folder (<c>checkpoints/&lt;run-name&gt;/</c>), claimed before the run opens its MLflow run so that
/// no two runs write the same one, even two processes started in the same second. Claiming creates the folder and,
/// inside it, a marker file with <see cref="FileMode.CreateNew"/> — one atomic step, which only one process can win;
/// a folder that already holds anything else belongs to another run. The marker stays until the checkpoint is
/// complete (<see cref="Complete"/>), so a folder that has one is being written, or was by a run that was killed. A
/// run that fails or is stopped before that removes what it wrote (<see cref="Dispose"/>).
/// </summary>
public sealed class CheckpointFolder : IDisposable
{
    /// <summary>The marker of a checkpoint being written.</summary>
    public const string InProgressMarker = ".in-progress";

    /// <summary>How many numbered names (<c>name-2</c>, <c>name-3</c>, …) are tried for a name that is taken.</summary>
    private const int MaxNumber = 1000;

    private readonly bool _replaces;
    private bool _writing;
    private bool _complete;

    private CheckpointFolder(string path, string name, bool replaces)
    {
        Path = path;
        Name = name;
        _replaces = replaces;
    }

    /// <summary>The run name the folder is named after (with its number, when one was added).</summary>
    public string Name { get; }

    public string Path { get; }

    /// <summary>Claims <paramref name="parent"/>/<paramref name="name"/>.</summary>
    /// <exception cref="CheckpointFolderTakenException">With <see cref="CheckpointClaim.Exact"/>: the folder holds a
    /// checkpoint or another run's files; with <see cref="CheckpointClaim.Replace"/>: another run is writing it.</exception>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static CheckpointFolder Claim(string parent, string name, CheckpointClaim claim)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(name);
        if (claim != CheckpointClaim.Numbered)
        {
            return TryClaim(parent, name, replace: claim == CheckpointClaim.Replace)
                ?? throw new CheckpointFolderTakenException(System.IO.Path.Combine(parent, name), InProgress(parent, name));
        }
        for (int number = 1; number <= MaxNumber; number++)
        {
            string candidate = number == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}-{number}");
            if (TryClaim(parent, candidate, replace: false) is { } folder) return folder;
        }
        throw new CheckpointFolderTakenException(System.IO.Path.Combine(parent, name), inProgress: false);
    }

    /// <summary>About to write the checkpoint: when replacing one, the old files go now (not before: a run that fails earlier leaves them).</summary>
    public void BeginWriting()
    {
        if (_replaces) DeleteContents();
        _writing = true;
    }

    /// <summary>The checkpoint is whole: the marker goes, and the folder is the run's result.</summary>
    public void Complete()
    {
        File.Delete(MarkerPath(Path));
        _complete = true;
    }

    /// <summary>Unless complete: removes what this run wrote (and the folder, if nothing else is in it).</summary>
    public void Dispose()
    {
        if (_complete) return;
        try
        {
            if (_writing) DeleteContents();
            File.Delete(MarkerPath(Path));
            if (!Directory.EnumerateFileSystemEntries(Path).Any()) Directory.Delete(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the user to see; the run's own error is the one to report.
        }
    }

    private static CheckpointFolder? TryClaim(string parent, string name, bool replace)
    {
        string path = System.IO.Path.Combine(parent, name);
        for (int attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(path);
            try
            {
                using var marker = new FileStream(MarkerPath(path), FileMode.CreateNew, FileAccess.Write);
                break;
            }
            catch (IOException) when (File.Exists(MarkerPath(path)))
            {
                return null; // another run is writing it
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A run that failed removed its empty folder just now: create it again.
            }
        }
        if (!replace && Directory.EnumerateFileSystemEntries(path).Any(entry => System.IO.Path.GetFileName(entry) != InProgressMarker))
        {
            File.Delete(MarkerPath(path));
            return null; // a finished run's checkpoint, or someone's files
        }
        return new CheckpointFolder(path, name, replace);
    }

    private void DeleteContents()
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(Path).Where(entry => System.IO.Path.GetFileName(entry) != InProgressMarker).ToList())
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    private static bool InProgress(string parent, string name) => File.Exists(MarkerPath(System.IO.Path.Combine(parent, name)));

    private static string MarkerPath(string folder) => System.IO.Path.Combine(folder, InProgressMarker);
}
