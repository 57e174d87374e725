using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config => config.SetApplicationName("trainer"));
app.Configure(config => config.AddCommand<TwitterSentiment.Trainer.Commands.Export.ExportCommand>("export").WithDescription("Re-export a checkpoint as a TensorFlow SavedModel."));
return await app.RunAsync(args);
