using TwitterSentiment.Trainer.Commands;

using var cancellation = new ConsoleCancellation();
return await TrainerApp.Create(cancellation: cancellation).RunAsync(CommandLineArguments.Prepare(args), cancellation.Token);
