using Spectre.Console.Testing;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Commands.Train;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>Tracking's notices come from a background thread and are printed by the console thread, between lines.</summary>
public sealed class HeldNoticesTests
{
    [Test]
    public void Lines_written_from_many_threads_come_out_whole_and_a_partial_line_waits_for_its_end()
    {
        using var notices = new HeldNotices();
        Parallel.For(0, 8, thread =>
        {
            for (int i = 0; i < 100; i++) notices.WriteLine($"Tracking: thread {thread} line {i}");
        });
        notices.Write("Tracking: half");

        var lines = notices.TakeLines();
        notices.WriteLine(" a line");

        Assert.That(lines, Has.Count.EqualTo(800));
        Assert.That(lines, Has.All.Match(@"^Tracking: thread \d line \d+$"));
        Assert.That(notices.TakeLines(), Is.EqualTo(new[] { "Tracking: half a line" }));
        Assert.That(notices.TakeLines(), Is.Empty);
    }

    [Test]
    public void The_console_observer_prints_held_notices_above_the_epoch_line_it_is_about_to_print()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        using var notices = new HeldNotices();

        ProgressDisplay.StartAsync(console, ProgressDisplay.RunColumns(), clear: true, progress =>
        {
            var observer = new ConsoleTrainingObserver(console, progress, notices);
            observer.OnEpochStarted(1, 10);
            Task.Run(() => notices.WriteLine("Tracking: run [abc] continues in the local MLflow store")).Wait();
            Assert.That(console.Output, Does.Not.Contain("continues in the local"), "held until the console thread prints");
            observer.OnEpochCompleted(new EpochResult(1, 0.6, 0.7, 0.65, 0.6, 0.01, 1000, TimeSpan.FromSeconds(1)));
            return Task.FromResult(0);
        }).GetAwaiter().GetResult();

        string output = console.Output;
        int notice = output.IndexOf("Tracking: run [abc] continues in the local MLflow store", StringComparison.Ordinal);
        Assert.That(notice, Is.GreaterThanOrEqualTo(0), "printed literally, not as markup");
        Assert.That(notice, Is.LessThan(output.IndexOf("Epoch  1: loss", StringComparison.Ordinal)));
    }
}
