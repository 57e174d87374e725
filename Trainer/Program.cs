using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config => config.SetApplicationName("trainer"));
return await app.RunAsync(args);
