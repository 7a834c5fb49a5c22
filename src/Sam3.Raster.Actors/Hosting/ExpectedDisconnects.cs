using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Akka log lines dropped because they repeat what a cluster event already says, once a second
/// or with a stack trace: a peer that died or was cut off makes remoting log a warning and an
/// error with the whole <c>EndpointDisassociatedException</c> stack per disconnect, a warning per
/// reconnection attempt (refused, unreachable, timed out, gated), and sharding one per retry while
/// a coordinator is away (or, on a control node, while no gpu node is in the cluster); on a downed
/// node, the error with a stack trace that its peers quarantined it (its downing is logged). What
/// stays, one line each: the node marked unreachable, the split-brain resolver's decision, the
/// peer quarantined, and <see cref="Cluster.ClusterEventLog"/>'s lines (reachable again, removed,
/// joined again). TLS and serialization errors are not matched.
/// Applied as a decorator of the host's <see cref="ILoggerFactory"/> that Akka logs to: Akka's
/// own log filters are not consulted by Akka.Hosting's logger.
/// </summary>
public static class ExpectedDisconnects
{
    private static readonly Regex Messages = new(
        "EndpointDisassociatedException"
        + "|Tried to associate with unreachable remote address"
        + "|AssociationError .*Error \\[(Connection refused|No route to host|Connection timed out|Network is unreachable|Host is unreachable|Operation timed out|Operation canceled|Association failed with |The remote system has quarantined this system)"
        + "|No response from remote for outbound association"
        + "|Trying to register to coordinator at .*but no acknowledgement"
        + "|No coordinator found to register"
        + "|Requested shard homes \\[",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Whether a log line (its message and exception) is one of those dropped.</summary>
    public static bool IsDropped(string message, Exception? exception) =>
        Messages.IsMatch(message) || exception?.GetType().Name == "EndpointDisassociatedException";

    /// <summary>The factory <paramref name="inner"/>, with the lines of <see cref="IsDropped"/> left out.</summary>
    public static ILoggerFactory Without(ILoggerFactory inner) => new FilteringFactory(inner);

    private sealed class FilteringFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new FilteringLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        // The host owns the inner factory.
        public void Dispose()
        {
        }
    }

    private sealed class FilteringLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsDropped(formatter(state, exception), exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
