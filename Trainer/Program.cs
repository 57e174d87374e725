using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Commands.Download;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("trainer");
    config.AddCommand<DownloadCommand>("download");
});
return await app.RunAsync(args);
