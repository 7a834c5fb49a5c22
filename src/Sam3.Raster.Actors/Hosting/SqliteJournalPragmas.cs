using System.Data.Common;
using LinqToDB.Interceptors;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Runs on every connection the SQLite journal opens: write-ahead log, synced at checkpoints rather
/// than at every commit. The rollback journal's default costs a journal file created, synced and
/// deleted per commit — three commits a tile — which was most of a run's kernel time. A process
/// killed mid-job loses nothing either way (the OS keeps what was written); after a power cut the
/// last commits may be missing, never half-written, and those tiles are treated as any tile not yet
/// recorded: their result files, written and synced before the journal hears of them, are found on
/// disk, or they run again.
/// </summary>
internal sealed class SqliteJournalPragmas : ConnectionInterceptor
{
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public static SqliteJournalPragmas Instance { get; } = new();

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    // Microsoft.Data.Sqlite runs its async commands synchronously anyway; one path for both.
    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
