using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Commands.Bench;
using TwitterSentiment.Trainer.Commands.Download;
using TwitterSentiment.Trainer.Commands.Evaluate;
using TwitterSentiment.Trainer.Commands.Export;
using TwitterSentiment.Trainer.Commands.Predict;
using TwitterSentiment.Trainer.Commands.Train;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>The trainer's command line: every command, once, for Program.cs and the in-process CLI tests alike.</summary>
public static class TrainerApp
{
    /// <param name="configure">Extra configuration (tests set a test console here).</param>
    /// <param name="errors">Where failures are reported; standard error unless a test captures them.</param>
    /// <param name="cancellation">The process's Ctrl+C and SIGTERM handling, so a stop gets its exit code.</param>
    public static CommandApp<TrainCommand> Create(Action<IConfigurator>? configure = null, IAnsiConsole? errors = null, ConsoleCancellation? cancellation = null)
    {
        var app = new CommandApp<TrainCommand>();
        var errorConsole = errors ?? TrainerConsoles.StandardError();
        app.Configure(config =>
        {
            config.SetApplicationName("trainer");
            config.ConfigureConsole(TrainerConsoles.StandardOutput());
            configure?.Invoke(config);
            config.UseTrainerErrorHandling(errorConsole, () => cancellation?.Signal);
            config.Settings.Registrar.RegisterInstance(new Notices(errorConsole));
            config.SetHelpProvider(new TrainerHelpProvider(config.Settings));
            config.AddCommand<TrainCommand>("train").WithDescription("Train the sentiment model (the default command).");
            config.AddCommand<BenchCommand>("bench").WithDescription("Measure training, inference and load+tokenize throughput.");
            config.AddBranch("download", download =>
            {
                download.SetDescription("Download Sentiment140 (the default), pretrained embeddings (`download embeddings`) or VADER's sentiment lexicon (`download lexicon`).");
                download.AddCommand<DownloadCommand>("sentiment140");
                download.SetDefaultCommand<DownloadCommand>();
                download.AddCommand<DownloadEmbeddingsCommand>("embeddings");
                download.AddCommand<DownloadLexiconCommand>("lexicon");
            });
            config.AddCommand<ExportCommand>("export").WithDescription("Re-export a checkpoint as a TensorFlow SavedModel.");
            config.AddCommand<EvaluateCommand>("evaluate").WithDescription("Score labelled CSVs with a checkpoint, a SavedModel or a served model.");
            config.AddCommand<PredictCommand>("predict").WithDescription("Label texts (arguments or lines on standard input) with a checkpoint, a SavedModel or a served model.");
        });
        return app;
    }
}
