using TwitterSentiment.Trainer.Commands;

using var cancellation = new ConsoleCancellation();
return await TrainerApp.Create().RunAsync(args, cancellation.Token);
