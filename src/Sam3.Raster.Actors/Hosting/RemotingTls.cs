using Akka.Configuration;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Whether the settings file turns on TLS for remoting (<c>akka.remote.dot-netty.tcp.enable-ssl</c>).
/// Every process that talks to the cluster (nodes, and the clients of <c>submit</c>, <c>status</c>,
/// <c>cancel</c>) then addresses the others with the <c>akka.ssl.tcp</c> scheme.
/// </summary>
public static class RemotingTls
{
    public static bool IsOn(Config settings) =>
        !settings.IsEmpty && settings.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);
}
