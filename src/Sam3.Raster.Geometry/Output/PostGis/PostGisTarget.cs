using System.Text.RegularExpressions;
using Npgsql;

namespace Sam3.Raster.Geometry.Output.PostGis;

/// <summary>
/// A PostGIS table named as an output: <c>postgresql://user@host:port/db?table=NAME</c>
/// (<c>postgres://</c> too; port 5432 when absent). The password never travels in the URI, which is
/// kept in job specs and journals: Npgsql takes it from PGPASSWORD or the pgpass file (PGPASSFILE,
/// ~/.pgpass) when the connection string has none. Every message names host, port, database and
/// table, never a password.
/// </summary>
public sealed partial class PostGisTarget
{
    private PostGisTarget(string uri, string host, int port, string database, string user, string table)
    {
        Uri = uri;
        Host = host;
        Port = port;
        Database = database;
        User = user;
        Table = table;
    }

    public string Uri { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string User { get; }

    /// <summary>An unquoted PostgreSQL name: lower-case letters, digits and underscores.</summary>
    public string Table { get; }

    /// <summary>Where the output goes, for messages: <c>host:port/db table NAME</c>.</summary>
    public string Description => $"PostgreSQL {Host}:{Port}/{Database} table {Table}";

    public static bool IsTarget(string output) =>
        output.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || output.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the URI; a malformed one is one line naming what is wrong (without any password it carried).</summary>
    public static PostGisTarget Parse(string uri)
    {
        const string Form = "postgresql://user@host:port/db?table=NAME";
        if (!IsTarget(uri) || !System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            throw new ArgumentException($"PostgreSQL output must look like {Form}, got '{Redacted(uri)}'");
        }

        string shown = Redacted(uri);
        string[] userInfo = parsed.UserInfo.Split(':', 2);
        if (userInfo.Length == 2)
        {
            throw new ArgumentException($"PostgreSQL output {shown}: put the password in PGPASSWORD or ~/.pgpass, not in the URI (it would be kept in the job's records)");
        }

        string user = System.Uri.UnescapeDataString(userInfo[0]);
        if (user.Length == 0)
        {
            throw new ArgumentException($"PostgreSQL output {shown}: name the user ({Form})");
        }

        string database = System.Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"PostgreSQL output {shown}: name one database after the port ({Form})");
        }

        string? table = null;
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "table")
            {
                table = System.Uri.UnescapeDataString(kv[1]);
            }
            else
            {
                throw new ArgumentException($"PostgreSQL output {shown}: unknown parameter '{kv[0]}' (only table=NAME)");
            }
        }

        if (table is null || !TableName().IsMatch(table))
        {
            throw new ArgumentException($"PostgreSQL output {shown}: table=NAME needs a lower-case name of letters, digits and _ (got '{table}')");
        }

        int port = parsed.IsDefaultPort || parsed.Port < 0 ? 5432 : parsed.Port;
        return new PostGisTarget(uri, parsed.Host, port, database, user, table);
    }

    /// <summary>
    /// The connection string: no password, so Npgsql reads PGPASSWORD or the pgpass file. A short
    /// connect timeout makes an unreachable server a quick failure; no pooling, since a job opens
    /// one connection at its end.
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = User,
        Timeout = 30,
        CommandTimeout = 0,
        Pooling = false,
    }.ConnectionString;

    /// <summary>A message from the server or the network with any password the process knows replaced by ***.</summary>
    public static string Scrub(string message)
    {
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
        {
            message = message.Replace(password, "***", StringComparison.Ordinal);
        }

        return message.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The URI with the password of a <c>user:password@</c> part replaced by ***.</summary>
    private static string Redacted(string uri) => UserPassword().Replace(uri, "$1:***@");

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex TableName();

    [GeneratedRegex("(//[^/@:]*):[^/@]*@")]
    private static partial Regex UserPassword();
}
