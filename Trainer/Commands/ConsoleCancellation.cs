using System.Runtime.InteropServices;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM (what <c>kill</c>, <c>docker stop</c> and Kubernetes send) cancel the token, so a run
/// stops the same clean way for both: nothing half-written, tracking marks it KILLED. A second Ctrl+C ends the
/// process at once; a second SIGTERM does not (signalling a process group reaches the trainer both directly and
/// through <c>dotnet run</c>, which forwards it): the clean stop goes on. The exit code says which signal stopped it
/// (<see cref="CommandLineErrors.Describe"/>).
/// </summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ConsoleCancellation()
    {
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The signal that cancelled the token; null until one did.</summary>
    public PosixSignal? Signal { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // A second Ctrl+C: the default handling ends the process.
        if (_source.IsCancellationRequested && context.Signal == PosixSignal.SIGINT) return;
        context.Cancel = true;
        if (_source.IsCancellationRequested) return;
        Signal = context.Signal;
        _source.Cancel();
    }
}
