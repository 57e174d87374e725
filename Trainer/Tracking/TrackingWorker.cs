using System.Threading.Channels;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Runs tracking calls one at a time, in the order they were posted, on a background task, so the training thread
/// never waits for a tracking server. A call that fails with a tracking or I/O problem is reported on
/// the notices writer and the next one runs; any other exception is a bug and is rethrown to the next poster.
/// </summary>
public sealed class TrackingWorker : IAsyncDisposable
{
    private readonly Channel<Call> _calls = Channel.CreateUnbounded<Call>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandon = new();
    private readonly TextWriter _notices;
    private readonly Task _worker;
    private Exception? _bug;
    private int _pending;

    public TrackingWorker(TextWriter notices)
    {
        _notices = notices;
        _worker = Task.Run(RunCallsAsync);
    }

    /// <summary>Calls posted and not yet run.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>
    /// Queues <paramref name="call"/> behind the ones posted before it and returns at once. The call gets a token
    /// that fires only when the queue is abandoned.
    /// </summary>
    /// <param name="what">What the call does, for the notice when it fails: "log epoch 3".</param>
    /// <exception cref="InvalidOperationException">An earlier call failed with a bug (not a tracking problem).</exception>
    public void Post(string what, Func<CancellationToken, Task> call)
    {
        if (Interlocked.Exchange(ref _bug, null) is { } bug)
            throw new InvalidOperationException($"Tracking failed unexpectedly: {bug.Message}", bug);
        Interlocked.Increment(ref _pending);
        if (!_calls.Writer.TryWrite(new Call(what, call)))
        {
            Interlocked.Decrement(ref _pending);
            _notices.WriteLine($"Tracking: could not {what}: the run has already ended.");
        }
    }

    /// <summary>Waits until the calls posted so far have run, at most <paramref name="limit"/>; false if it stopped waiting.</summary>
    public async Task<bool> WaitForPostedAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post("wait for the calls before", _ =>
        {
            reached.TrySetResult();
            return Task.CompletedTask;
        });
        try
        {
            await reached.Task.WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes no more calls and waits for the queued ones, at most <paramref name="limit"/> (or until
    /// <paramref name="cancellationToken"/> fires). Then it abandons the rest, cancelling the call in flight.
    /// </summary>
    /// <returns>True when every queued call ran; false when some were abandoned (the caller says so).</returns>
    public async Task<bool> CloseAsync(TimeSpan limit, CancellationToken cancellationToken = default)
    {
        _calls.Writer.TryComplete();
        try
        {
            await _worker.WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            await _abandon.CancelAsync();
            // A call that ignores cancellation must not hold the process either.
            await Task.WhenAny(_worker, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            return false;
        }
    }

    /// <summary>Abandons whatever is still queued (a run that ends normally has closed the queue already).</summary>
    public async ValueTask DisposeAsync()
    {
        _calls.Writer.TryComplete();
        await _abandon.CancelAsync();
        await Task.WhenAny(_worker, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        if (_worker.IsCompleted)
            _abandon.Dispose();
    }

    private async Task RunCallsAsync()
    {
        await foreach (var call in _calls.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (!_abandon.IsCancellationRequested)
                    await call.Action(_abandon.Token);
            }
            catch (Exception ex) when (ex is TrackingException or IOException or UnauthorizedAccessException)
            {
                _notices.WriteLine($"Tracking: could not {call.What}: {ex.Message}");
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // A bug, not a tracking problem: keep it for the next poster, the way an observer that throws stops a run.
                Interlocked.CompareExchange(ref _bug, ex, null);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private sealed record Call(string What, Func<CancellationToken, Task> Action);
}
