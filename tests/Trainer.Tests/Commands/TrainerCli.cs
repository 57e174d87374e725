using Spectre.Console.Cli;
using Spectre.Console.Testing;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Commands.Bench;
using TwitterSentiment.Trainer.Commands.Train;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>Runs the trainer's command line in-process, configured as Program.cs does, against a test console.</summary>
internal static class TrainerCli
{
    public static (int ExitCode, string Output) Run(params string[] args) => Run(CancellationToken.None, args);

    public static (int ExitCode, string Output) Run(CancellationToken cancellationToken, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var app = new CommandApp<TrainCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName("trainer");
            config.ConfigureConsole(console);
            config.UseTrainerErrorHandling();
            config.AddCommand<TrainCommand>("train");
            config.AddCommand<BenchCommand>("bench");
        });
        int exitCode = app.Run(args, cancellationToken);
        return (exitCode, console.Output);
    }
}
