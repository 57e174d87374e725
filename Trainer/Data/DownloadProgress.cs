namespace TwitterSentiment.Trainer.Data;

/// <summary>Bytes of the archive on disk so far and, when the server says, its total size.</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
