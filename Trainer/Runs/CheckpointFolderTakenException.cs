namespace TwitterSentiment.Trainer.Runs;

/// <summary>A checkpoint folder that another run owns: its message says which and what to do.</summary>
public sealed class CheckpointFolderTakenException : Exception
{
    public CheckpointFolderTakenException()
    {
    }

    public CheckpointFolderTakenException(string message)
        : base(message)
    {
    }

    public CheckpointFolderTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CheckpointFolderTakenException(string path, bool inProgress)
        : base(inProgress
            ? $"{path} is being written by another run (or by one that was killed: then delete the folder). Choose another --run-name."
            : $"{path} already holds a checkpoint. Choose another --run-name, or pass --overwrite to replace it.")
    {
        Path = path;
    }

    /// <summary>The folder.</summary>
    public string? Path { get; }
}
