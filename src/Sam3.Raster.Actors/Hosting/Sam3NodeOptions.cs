using Sam3.Raster.Actors.Cluster;
using Sam3.Raster.Actors.Entities;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// One node of a Sam3.Raster cluster. The defaults are the embedded node of <c>sam3r run</c>: all
/// roles, remoting on 127.0.0.1 with a free port, no seed nodes (the node joins itself).
/// </summary>
public sealed record Sam3NodeOptions
{
    public string SystemName { get; init; } = ClusterConstants.ActorSystemName;

    /// <summary>Remoting bind address; 127.0.0.1 unless the node is part of a real cluster.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one (fine for a node that joins itself).</summary>
    public int Port { get; init; }

    /// <summary>Address other nodes use to reach this one, when it differs from <see cref="Hostname"/> (containers).</summary>
    public string? PublicHostname { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = ClusterConstants.AllRoles;

    /// <summary>Seed node addresses (akka.tcp://sam3r@host:port); none: the node forms a one-node cluster by joining itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    public required JobStore Store { get; init; }

    public JobEntitySettings Jobs { get; init; } = JobEntitySettings.Default;

    /// <summary>Extra HOCON (the settings file): its <c>akka</c> section overrides the node's defaults.</summary>
    public Akka.Configuration.Config? Hocon { get; init; }

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The embedded node: all roles on 127.0.0.1, job state in a SQLite file.</summary>
    public static Sam3NodeOptions Embedded(string statePath) => new() { Store = JobStore.Sqlite(statePath) };
}
