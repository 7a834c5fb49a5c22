using System.Net;
using System.Net.Sockets;

namespace Sam3.Raster.TestSupport;

/// <summary>Free TCP ports on 127.0.0.1 for test nodes.</summary>
public static class TestPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
