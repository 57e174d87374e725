namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Ctrl+C cancels the token so a run can stop cleanly (and tracking can mark it KILLED); a second Ctrl+C
/// ends the process at once.
/// </summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public ConsoleCancellation() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _source.Cancel();
    }
}
