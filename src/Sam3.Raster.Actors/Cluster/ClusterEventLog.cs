using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static Akka.Cluster.ClusterEvent;

namespace Sam3.Raster.Actors.Cluster;

/// <summary>
/// One warning line per membership event that Akka logs only at info level or not at all: a node
/// reachable again, a node removed (after leaving or being downed), a node joining again as a
/// new incarnation (a restarted node). Akka itself logs the other two events of a fault, one line
/// each at warning: a node marked unreachable, and the split-brain resolver's downing decision.
/// </summary>
public sealed class ClusterEventLog : ReceiveActor
{
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly HashSet<Address> seen = [];

    public ClusterEventLog()
    {
        Receive<CurrentClusterState>(state => seen.UnionWith(state.Members.Select(m => m.Address)));
        Receive<MemberUp>(up =>
        {
            if (!seen.Add(up.Member.Address))
            {
                log.Warning("cluster: {0} [{1}] joined again", up.Member.Address, string.Join(",", up.Member.Roles));
            }
        });
        Receive<ReachableMember>(back => log.Warning("cluster: {0} is reachable again", back.Member.Address));
        Receive<MemberRemoved>(removed => log.Warning(
            "cluster: {0} removed ({1})",
            removed.Member.Address,
            removed.PreviousStatus == MemberStatus.Down ? "downed" : "left"));
        ReceiveAny(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterEventLog());

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
