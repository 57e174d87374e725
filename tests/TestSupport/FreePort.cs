using System.Net;
using System.Net.Sockets;

namespace TwitterSentiment.TestSupport;

/// <summary>Loopback ports for servers that a test starts (or for a port where nothing listens).</summary>
public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (the OS picks it; another process may take it later).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
