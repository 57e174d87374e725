namespace TwitterSentiment.Trainer.Data;

/// <summary>Bytes so far (of an archive being downloaded, a file being read) and, when known, the total size.</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
