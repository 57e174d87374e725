using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>Runs <see cref="TinyModelRecipe"/> for one kind into an empty folder, as <c>trainer train</c> would with a file store.</summary>
internal static class TinyModelTrainer
{
    public static void Train(TinyModelKind kind, string folder) => TrainAsync(kind, new TinyModelLayout(folder, kind)).GetAwaiter().GetResult();

    private static async Task TrainAsync(TinyModelKind kind, TinyModelLayout layout)
    {
        TinyTweets.WriteCsv(layout.Data, TinyTweets.Generate(TinyModelRecipe.Tweets, TinyModelRecipe.DataSeed));
        if (kind == TinyModelKind.Lexicon)
        {
            await File.WriteAllTextAsync(layout.Lexicon, TinyModelRecipe.LexiconText);
        }

        var options = TinyModelRecipe.RunOptions(kind, layout);
        // No environment: MLFLOW_* variables of whoever runs the tests must not send the run elsewhere.
        var tracking = new ExperimentTracker(_ => null, layout.Folder, TextWriter.Null);
        await using var tracker = await TrainingRunTracker.StartAsync(tracking, options, TextWriter.Null, CancellationToken.None);
        using var checkpoint = CheckpointFolder.Claim(options.CheckpointDirectory, options.RunName, CheckpointClaim.Exact);
        await new TrainingRun(options, checkpoint, tracker).ExecuteAsync(new CompositeTrainingObserver(), CancellationToken.None);
    }
}
