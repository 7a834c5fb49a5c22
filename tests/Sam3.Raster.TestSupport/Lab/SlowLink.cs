using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Sam3.Raster.TestSupport.Lab;

/// <summary>
/// A slow, lossy link in user space (this kernel has no netem): a TCP forwarder from
/// <c>listen</c> to <c>target</c> that holds every chunk it reads for <c>delay</c> in each
/// direction, in order. Loss is what TCP makes of it: a lost segment arrives one retransmission
/// timeout late, and everything behind it waits, so with probability <c>loss</c> a chunk is held
/// <c>retransmit</c> longer. Used on the one route to and from a host, its name resolved to the
/// forwarder (<see cref="NetworkLab.Resolve"/>).
/// </summary>
public sealed class SlowLink : IDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly TimeSpan delay;
    private readonly double loss;
    private readonly TimeSpan retransmit;
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> connections = [];

    /// <summary>
    /// Every route to and from <paramref name="slow"/> through a forwarder of its own (gateway
    /// aliases 200, 201, …): the lab resolves <paramref name="slow"/> to the first for every host,
    /// and each of <paramref name="others"/> to the next ones for <paramref name="slow"/>.
    /// </summary>
    public static IReadOnlyList<SlowLink> Around(NetworkLab lab, LabHost slow, IReadOnlyList<LabHost> others, int port, TimeSpan delay, double loss, TimeSpan retransmit)
    {
        var links = new List<SlowLink> { new(lab.AddGatewayAddress(200), port, slow.Address, port, delay, loss, retransmit) };
        lab.Resolve(null, slow, lab.Address(200));
        for (int i = 0; i < others.Count; i++)
        {
            links.Add(new SlowLink(lab.AddGatewayAddress(201 + i), port, others[i].Address, port, delay, loss, retransmit));
            lab.Resolve(slow, others[i], lab.Address(201 + i));
        }

        return links;
    }

    public SlowLink(string listen, int port, string target, int targetPort, TimeSpan delay, double loss, TimeSpan retransmit)
    {
        this.target = new IPEndPoint(IPAddress.Parse(target), targetPort);
        this.delay = delay;
        this.loss = loss;
        this.retransmit = retransmit;
        listener = new TcpListener(IPAddress.Parse(listen), port);
        listener.Start();
        _ = Accept();
    }

    /// <summary>Chunks held longer as if lost and sent again.</summary>
    public int Lost { get; private set; }

    public int Chunks { get; private set; }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (connections)
        {
            foreach (var c in connections)
            {
                c.Dispose();
            }
        }

        stop.Dispose();
    }

    private async Task Accept()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(target, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (connections)
            {
                connections.Add(inbound);
                connections.Add(outbound);
            }

            _ = Pump(inbound, outbound);
            _ = Pump(outbound, inbound);
        }
    }

    /// <summary>One direction: a reader stamps each chunk with when it may go on, a writer sends them in order.</summary>
    private async Task Pump(TcpClient from, TcpClient to)
    {
        var queue = Channel.CreateUnbounded<(DateTime Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, data) in queue.Reader.ReadAllAsync(stop.Token))
                {
                    var wait = due - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop.Token);
                    }

                    await to.GetStream().WriteAsync(data, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
            }
            finally
            {
                to.Dispose();
            }
        });

        var buffer = new byte[64 * 1024];
        var last = DateTime.MinValue;
        try
        {
            while (true)
            {
                int n = await from.GetStream().ReadAsync(buffer, stop.Token);
                if (n == 0)
                {
                    break;
                }

                bool lost = Random.Shared.NextDouble() < loss;
                Chunks++;
                Lost += lost ? 1 : 0;
                var due = DateTime.UtcNow + delay + (lost ? retransmit : TimeSpan.Zero);
                last = due > last ? due : last;
                queue.Writer.TryWrite((last, buffer[..n]));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            from.Dispose();
        }

        await writer;
    }
}
