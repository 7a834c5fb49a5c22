using LinqToDB;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// Where job events and snapshots are kept (Akka.Persistence.Sql). SQLite for the embedded default:
/// one file, one writer, so the journal runs with parallelism 1. PostgreSQL for a multi-node cluster.
/// </summary>
public sealed record JobStore(string ConnectionString, string ProviderName, int JournalParallelism)
{
    public static JobStore Sqlite(string path) =>
        new($"Data Source={Path.GetFullPath(path)}", LinqToDB.ProviderName.SQLiteMS, JournalParallelism: 1);

    public static JobStore PostgreSql(string connectionString) =>
        new(connectionString, LinqToDB.ProviderName.PostgreSQL15, JournalParallelism: 3);

    public bool IsSqlite => ProviderName.StartsWith("SQLite", StringComparison.Ordinal);

    /// <summary>linq2db's options for the journal and snapshot store; SQLite connections get <see cref="SqliteJournalPragmas"/>.</summary>
    public DataOptions ToDataOptions()
    {
        var options = new DataOptions().UseConnectionString(ProviderName, ConnectionString);
        return IsSqlite ? options.UseInterceptor(SqliteJournalPragmas.Instance) : options;
    }

    public override string ToString() => $"{ProviderName} ({(IsSqlite ? ConnectionString : "connection string hidden")})";
}
