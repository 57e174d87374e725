using System.Text.Json;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// Opens a checkpoint folder for every command that reads one (evaluate, predict, export): each way a folder can be
/// missing, unreadable or corrupt becomes one <see cref="ModelSourceException"/> that names the folder.
/// </summary>
public static class CheckpointReader
{
    /// <param name="directory">The folder as the user gave it (named so in messages).</param>
    /// <exception cref="ModelSourceException">The folder is missing or not a readable checkpoint.</exception>
    public static (SentimentModel Model, Vocabulary Vocabulary) Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string fullPath = Path.GetFullPath(directory);
        if (File.Exists(fullPath))
            throw new ModelSourceException($"--checkpoint {directory} is a file; give the checkpoint folder (holding {ModelCheckpoint.OptionsFile}, {ModelCheckpoint.VocabularyFile} and {ModelCheckpoint.WeightsFile}).");
        if (!Directory.Exists(fullPath))
            throw new ModelSourceException($"The checkpoint folder {directory} does not exist. Training writes one per run under checkpoints/<run-name>/.");
        if (File.Exists(Path.Combine(fullPath, Runs.CheckpointFolder.InProgressMarker)))
            throw new ModelSourceException($"The checkpoint {directory} is not complete: a run is writing it, or was stopped while it did (then delete the folder).");
        try
        {
            return ModelCheckpoint.Load(fullPath);
        }
        // What a missing file, bad JSON, a vocabulary of the wrong size or TorchSharp reading truncated or foreign
        // weights throws.
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or UnauthorizedAccessException
                                              or ArgumentException or NotSupportedException or InvalidOperationException or FormatException
                                              or OverflowException or IndexOutOfRangeException)
        {
            throw new ModelSourceException($"Cannot read the checkpoint {directory}: {exception.Message}", exception);
        }
    }
}
