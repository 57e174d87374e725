using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Commands.Download;
using TwitterSentiment.Trainer.Commands.Export;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("trainer");
    config.AddCommand<DownloadCommand>("download");
    config.AddCommand<ExportCommand>("export").WithDescription("Re-export a checkpoint as a TensorFlow SavedModel.");
});
return await app.RunAsync(args);
