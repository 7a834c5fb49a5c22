using System.Net.Sockets;
using Npgsql;

namespace Sam3.Raster.Geometry.Output.PostGis;

/// <summary>
/// Opening a connection to a <see cref="PostGisTarget"/> and making sure the database has PostGIS,
/// each failure one line naming host, port and database (an <see cref="IOException"/>: the CLI's
/// exit code 2), never the password.
/// </summary>
public static class PostGisConnection
{
    public static NpgsqlConnection Open(PostGisTarget target)
    {
        var connection = new NpgsqlConnection(target.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            connection.Dispose();
            throw new IOException(
                $"cannot connect to PostgreSQL at {target.Host}:{target.Port} (database {target.Database}, user {target.User}): {PostGisTarget.Scrub(Reason(ex))}", ex);
        }
    }

    /// <summary>
    /// <c>CREATE EXTENSION IF NOT EXISTS postgis</c> unless the database has it already (so a user
    /// without the right to create extensions can still write to a database that has PostGIS).
    /// </summary>
    public static void EnsurePostGis(NpgsqlConnection connection, PostGisTarget target)
    {
        using (var has = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'", connection))
        {
            if ((long)has.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        try
        {
            using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", connection);
            create.ExecuteNonQuery();
        }
        catch (PostgresException ex)
        {
            throw new IOException(
                $"PostgreSQL database {target.Database} at {target.Host}:{target.Port} has no PostGIS and user {target.User} cannot create it ({PostGisTarget.Scrub(ex.MessageText)}): " +
                "install PostGIS on the server or have an administrator run CREATE EXTENSION postgis there", ex);
        }
    }

    /// <summary>The innermost message that says something (a socket error inside Npgsql's wrapper).</summary>
    private static string Reason(Exception ex)
    {
        if (ex is PostgresException pg)
        {
            return pg.MessageText;
        }

        var inner = ex;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        return inner == ex ? ex.Message : $"{ex.Message.TrimEnd('.')}: {inner.Message}";
    }
}
