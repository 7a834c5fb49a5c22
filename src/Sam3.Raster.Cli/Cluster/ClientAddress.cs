using System.Net;
using System.Net.Sockets;

namespace Sam3.Raster.Cli.Cluster;

/// <summary>
/// The address a cluster client listens on: the one this machine uses to reach the first seed, so
/// that a control node's replies come back from another host (127.0.0.1 works only on the control
/// node's own host). A seed that does not resolve, or no route, leaves 127.0.0.1.
/// </summary>
internal static class ClientAddress
{
    public static string Toward(string host, int port)
    {
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var target = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (target is null)
            {
                return IPAddress.Loopback.ToString();
            }

            // A datagram socket's Connect sends nothing: it only asks the kernel for the route.
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(target, port);
            return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return IPAddress.Loopback.ToString();
        }
    }
}
