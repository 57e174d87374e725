using Spectre.Console.Cli;
using Spectre.Console.Testing;
using TwitterSentiment.Trainer.Commands;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>Runs the trainer's command line in-process, configured as Program.cs does, against a test console.</summary>
internal static class TrainerCli
{
    public static (int ExitCode, string Output) Run(params string[] args) => Run(CancellationToken.None, args);

    public static (int ExitCode, string Output) Run(CancellationToken cancellationToken, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var app = TrainerApp.Create(config => config.ConfigureConsole(console));
        int exitCode = app.Run(args, cancellationToken);
        return (exitCode, console.Output);
    }
}
