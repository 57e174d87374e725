namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// What the circuit breaker saw when it last opened, so a refused call can say why calls are paused (a stopped server
/// is "not reachable", not "taking a break"). One per site, like the circuit itself.
/// </summary>
public sealed class ServingCircuit
{
    private volatile StrongBox? _openedBy;

    public OutageKind? OpenedBy => _openedBy?.Kind;

    public void Opened(OutageKind kind) => _openedBy = new StrongBox(kind);

    private sealed record StrongBox(OutageKind Kind);
}
