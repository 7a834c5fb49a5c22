using Npgsql;

namespace Sam3.Raster.TestSupport;

/// <summary>
/// A real PostgreSQL server (scripts/start-test-postgres.sh: throw-away, 127.0.0.1 only, reused once
/// started) and a fresh database for one test class, dropped afterwards. When the server cannot be
/// started every test of the class fails with the script's output: never a silent skip.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private readonly List<string> databases = [];
    private string? server;

    public string Database { get; } = $"sam3r_test_{Guid.NewGuid():N}";

    /// <summary>The Npgsql connection string of this class's database.</summary>
    public string ConnectionString =>
        new NpgsqlConnectionStringBuilder(server ?? throw new InvalidOperationException("PostgreSQL is not started")) { Database = Database }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(TestPaths.RepositoryRoot, "scripts", "start-test-postgres.sh");
        var started = ProcessRunner.Run("bash", [script], TimeSpan.FromMinutes(5));
        var lines = started.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (started.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException(
                $"cannot start the test PostgreSQL server ({script} exited {started.ExitCode}): {started.StdErr}{started.StdOut}");
        }

        server = lines[^1];
        await CreateAsync(Database);
    }

    /// <summary>The server's address and superuser, for URIs and psql.</summary>
    public NpgsqlConnectionStringBuilder Server => new(server ?? throw new InvalidOperationException("PostgreSQL is not started"));

    /// <summary>Another fresh database (dropped with the class's), for a test that needs empty tables.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = $"sam3r_test_{Guid.NewGuid():N}";
        await CreateAsync(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private async Task CreateAsync(string name)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        lock (databases)
        {
            databases.Add(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        foreach (var name in databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
