using System.Text;

namespace TwitterSentiment.Trainer.Tracking.FileStore;

/// <summary>
/// Whole-file writes that readers never see half done: write a temporary file on the same file system, then
/// rename it over the target. MLflow's reader crashes on an empty meta.yaml or metric file, so this matters.
/// </summary>
internal static class AtomicFile
{
    /// <summary>UTF-8 without a byte-order mark, as MLflow writes.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes or replaces <paramref name="path"/>. The temporary file lives in <paramref name="scratchDirectory"/>,
    /// which must be on the same file system and must not be a folder MLflow scans as entries (metrics/, params/, tags/).</summary>
    public static void Write(string path, string content, string scratchDirectory)
    {
        string temp = WriteTemporary(content, scratchDirectory);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Creates <paramref name="path"/> only if it does not exist yet; false when another writer was first.</summary>
    public static bool TryCreate(string path, string content, string scratchDirectory)
    {
        string temp = WriteTemporary(content, scratchDirectory);
        try
        {
            // Rename without overwrite is atomic and fails if the target exists: a lock-free "create once".
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>Appends one line in a single write, creating the file atomically when it is new, so a reader sees
    /// either no file or whole lines.</summary>
    public static void AppendLine(string path, string line, string scratchDirectory)
    {
        string text = line + "\n";
        if (!File.Exists(path) && TryCreate(path, text, scratchDirectory))
            return;

        byte[] bytes = Utf8.GetBytes(text);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(bytes);
    }

    private static string WriteTemporary(string content, string scratchDirectory)
    {
        string temp = Path.Combine(scratchDirectory, $".tmp-{Guid.NewGuid():N}");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            byte[] bytes = Utf8.GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        return temp;
    }
}
