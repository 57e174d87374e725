namespace TwitterSentiment.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <param name="prefix">Starts the folder's name, so a leftover folder says which test made it.</param>
    public TempDirectory(string prefix = "ts-tests")
    {
        Path = Directory.CreateTempSubdirectory($"{prefix}-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the folder (a file or a sub-folder; nothing is created).</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The test removed it already.
        }
    }
}
