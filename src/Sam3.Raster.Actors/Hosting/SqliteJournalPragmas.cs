using System.Data.Common;
using LinqToDB.Interceptors;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Runs on every connection the SQLite journal opens: write-ahead log, synced at checkpoints rather
/// than at every commit. The rollback journal's default costs a journal file created, synced and
/// deleted per commit — three commits a tile — which was most of a run's kernel time. A process
/// killed mid-job loses nothing either way (the OS keeps what was written); after a power cut the
/// last commits may be missing, never half-written, and their tiles are simply run again, as any
/// tile not yet recorded is.
/// </summary>
internal sealed class SqliteJournalPragmas : ConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public static SqliteJournalPragmas Instance { get; } = new();

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
