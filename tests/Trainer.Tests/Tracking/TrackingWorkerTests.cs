using System.Collections.Concurrent;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>The background worker tracking calls go through: order, failures, and a bounded end.</summary>
public sealed class TrackingWorkerTests
{
    // A hang guard only: every wait below ends long before it unless something is broken.
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);

    [Test]
    public async Task Calls_run_one_at_a_time_in_the_order_they_were_posted()
    {
        using var notices = new StringWriter();
        await using var worker = new TrackingWorker(notices);
        var order = new ConcurrentQueue<int>();
        int running = 0, overlapped = 0;

        for (int i = 0; i < 50; i++)
        {
            int n = i;
            worker.Post($"call {n}", async _ =>
            {
                if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlapped);
                await Task.Yield();
                order.Enqueue(n);
                Interlocked.Decrement(ref running);
            });
        }

        Assert.That(await worker.CloseAsync(Generous), Is.True);
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(overlapped, Is.Zero);
        Assert.That(worker.Pending, Is.Zero);
    }

    [Test]
    public async Task A_call_that_fails_with_a_tracking_problem_is_reported_and_the_next_one_runs()
    {
        using var notices = new StringWriter();
        await using var worker = new TrackingWorker(notices);
        bool nextRan = false;

        worker.Post("log epoch 1", _ => throw new TrackingUnavailableException("the server is gone"));
        worker.Post("log epoch 2", _ =>
        {
            nextRan = true;
            return Task.CompletedTask;
        });

        Assert.That(await worker.CloseAsync(Generous), Is.True);
        Assert.That(nextRan, Is.True);
        Assert.That(notices.ToString(), Does.Contain("Tracking: could not log epoch 1: the server is gone"));
    }

    [Test]
    public async Task A_bug_in_a_call_is_not_swallowed_but_stops_the_next_poster()
    {
        using var notices = new StringWriter();
        await using var worker = new TrackingWorker(notices);
        worker.Post("log epoch 1", _ => throw new ArgumentException("bug"));
        // Not WaitForPostedAsync: it posts too, and meets the bug itself whenever the call has run first.
        await Poll.UntilAsync(() => worker.Pending == 0, Generous, () => "the failing call to run", CancellationToken.None);

        var error = Assert.Throws<InvalidOperationException>(() => worker.Post("log epoch 2", _ => Task.CompletedTask));
        Assert.That(error?.InnerException, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public async Task Closing_gives_up_on_a_call_that_never_ends_and_cancels_it()
    {
        using var notices = new StringWriter();
        await using var worker = new TrackingWorker(notices);
        var cancelled = new TaskCompletionSource();
        bool laterRan = false;
        worker.Post("upload the model", async token =>
        {
            await using var _ = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
        });
        worker.Post("end the run", _ =>
        {
            laterRan = true;
            return Task.CompletedTask;
        });

        bool drained = await worker.CloseAsync(TimeSpan.FromMilliseconds(50));

        Assert.That(drained, Is.False);
        await cancelled.Task.WaitAsync(Generous);
        Assert.That(laterRan, Is.False, "abandoned calls are skipped, not run late");
    }

    [Test]
    public async Task A_run_whose_tracking_server_hangs_longer_than_the_drain_limit_ends_with_a_clear_notice()
    {
        using var server = new FakeMlflowServer();
        using var temp = new TempDirectory();
        using var notices = new StringWriter();
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = server.BaseUri.AbsoluteUri };
        // Requests may take a minute, the end waits only briefly: the wait must give up, not the request.
        var tracker = new ExperimentTracker(key => env.GetValueOrDefault(key), temp.Path, notices)
        {
            AttemptTimeout = Generous, RequestTimeout = Generous, UploadAttemptTimeout = Generous, UploadTimeout = Generous,
        };
        var options = TinyRun.Options(temp.Path, "unused.csv", "hung");
        await using var run = await TrainingRunTracker.StartAsync(tracker, options, notices, CancellationToken.None);
        run.DrainTimeout = TimeSpan.FromMilliseconds(100);
        server.Silent = true;
        run.OnEpochCompleted(new EpochResult(1, 0.6, 0.7, 0.65, 0.6, 0.01, 1000, TimeSpan.FromSeconds(1)));

        bool recorded = await run.EndAsync(RunStatus.Finished);

        Assert.That(recorded, Is.False);
        Assert.That(notices.ToString(), Does.Contain("Tracking: gave up waiting for the tracking server").And.Contain("is incomplete")
            .And.Contain(run.Run.RunId));
    }
}
