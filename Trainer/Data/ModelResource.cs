namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// A file a model uses that is fetched on first use and cached under <c>data/</c>, the way Keras'
/// <c>get_file</c> does it: the cached file is used when it is there, else it is fetched, checked and put in place.
/// </summary>
/// <param name="Name">What it is, for the console ("VADER's sentiment lexicon").</param>
/// <param name="File">The cached file.</param>
/// <param name="DownloadCommand">The command that fetches it by hand ("trainer download lexicon").</param>
/// <param name="FetchAsync">Fetches, checks and writes <paramref name="File"/>, reporting bytes when it knows them;
/// throws <see cref="DataException"/>, saying why, when it cannot (registry unreachable, not the pinned file).</param>
public sealed record ModelResource(string Name, string File, string DownloadCommand, Func<IProgress<DownloadProgress>?, CancellationToken, Task> FetchAsync)
{
    public bool IsCached => System.IO.File.Exists(File);
}
