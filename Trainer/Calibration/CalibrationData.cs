using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// A user's labelled tweets for <c>trainer calibrate</c>: every <c>--data</c> file (either CSV layout) read as one set,
/// refused with a message the user can act on when it cannot calibrate anything: fewer than
/// <see cref="MinimumTweets"/> tweets, one class only, or too few of a class for the cross-validation's folds.
/// </summary>
/// <param name="Tweets">The usable labelled tweets, file after file.</param>
/// <param name="Facts">What was read (one file, or the files combined, with a SHA-256 over them).</param>
/// <param name="Bytes">The files' total size.</param>
public sealed record CalibrationData(IReadOnlyList<LabeledTweet> Tweets, DataFacts Facts, long Bytes)
{
    /// <summary>Below this, a fitted temperature and intercept are mostly noise.</summary>
    public const int MinimumTweets = 50;

    public IReadOnlyList<int> Labels => [.. Tweets.Select(tweet => tweet.Label)];

    /// <exception cref="DataException">A file is missing or unreadable.</exception>
    /// <exception cref="CalibrationException">Too few tweets, one class only, or fewer tweets of a class than folds.</exception>
    public static CalibrationData Read(IReadOnlyList<string> paths, bool strict, int folds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0) throw new ArgumentException("Give at least one file.", nameof(paths));
        var tweets = new List<LabeledTweet>();
        var files = new List<DataFacts>();
        long bytes = 0;
        foreach (string path in paths)
        {
            var loaded = TweetDataReader.Read(path, new DataReadOptions { Strict = strict }, cancellationToken);
            tweets.AddRange(loaded.Tweets);
            files.Add(DataFacts.From(loaded, Path.GetFileName(path)));
            bytes += new FileInfo(path).Length;
        }

        var facts = DataFacts.Combine(files);
        string what = paths.Count == 1 ? Path.GetFileName(paths[0]) : $"the {paths.Count} files";
        int positives = tweets.Count(tweet => tweet.Label == LabeledTweet.Positive);
        int negatives = tweets.Count - positives;
        if (tweets.Count < MinimumTweets)
            throw new CalibrationException($"{what} holds {tweets.Count} labelled tweets; calibrating needs at least {MinimumTweets} (a few hundred is better). With fewer, keep the model as it is.");
        if (positives == 0 || negatives == 0)
            throw new CalibrationException($"{what} holds only {(positives == 0 ? "negative" : "positive")} tweets ({tweets.Count}); calibrating needs both classes.");
        if (Math.Min(positives, negatives) < folds)
            throw new CalibrationException($"{what} holds {Math.Min(positives, negatives)} {(positives < negatives ? "positive" : "negative")} tweets, fewer than the {folds} folds of the cross-validation: add tweets of that class or lower --folds.");
        return new CalibrationData(tweets, facts, bytes);
    }
}
