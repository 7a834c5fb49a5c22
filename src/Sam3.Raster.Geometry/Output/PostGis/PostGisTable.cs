using Npgsql;
using NpgsqlTypes;

namespace Sam3.Raster.Geometry.Output.PostGis;

/// <summary>
/// The output table: <c>job</c> (the job id whose rows a re-run replaces), the schema's attributes,
/// <c>geometry geometry(Geometry, SRID)</c> with a GIST index; primary key (job, id) when the
/// schema has a feature id, so a job's rows can never be doubled. Created when missing; an existing
/// table must carry the same SRID.
/// </summary>
public sealed class PostGisTable(PostGisTarget target, FeatureSchema schema, int srid)
{
    public const string JobColumn = "job";

    public const string GeometryColumn = "geometry";

    /// <summary>The COPY columns in the order <see cref="PostGisWriter"/> writes them.</summary>
    public IReadOnlyList<string> CopyColumns { get; } = [JobColumn, .. schema.Columns.Select(c => c.Name), GeometryColumn];

    public string QuotedName => Quote(target.Table);

    public void Ensure(NpgsqlConnection connection)
    {
        var columns = new List<string> { $"{JobColumn} text NOT NULL" };
        columns.AddRange(schema.Columns.Select(c => $"{Quote(c.Name)} {SqlType(c.Type)} NOT NULL"));
        columns.Add($"{GeometryColumn} geometry(Geometry, {srid}) NOT NULL");
        if (schema.Columns.Any(c => c is { Name: "id", Type: AttributeType.Int64 }))
        {
            columns.Add($"PRIMARY KEY ({JobColumn}, id)");
        }

        Execute(connection, $"CREATE TABLE IF NOT EXISTS {QuotedName} ({string.Join(", ", columns)})");
        Execute(connection, $"CREATE INDEX IF NOT EXISTS {Quote(target.Table + "_geometry_idx")} ON {QuotedName} USING GIST ({GeometryColumn})");

        using var find = new NpgsqlCommand(
            "SELECT srid FROM geometry_columns WHERE f_table_schema = current_schema() AND f_table_name = @table AND f_geometry_column = @column",
            connection);
        find.Parameters.AddWithValue("table", target.Table);
        find.Parameters.AddWithValue("column", GeometryColumn);
        if (find.ExecuteScalar() is int existing && existing != srid)
        {
            throw new ArgumentException($"{target.Description} holds geometries of SRID {existing}, the job's features are SRID {srid}: write to another table");
        }
    }

    /// <summary>Removes one job's rows (inside the writer's transaction, before its COPY).</summary>
    public void DeleteJob(NpgsqlConnection connection, string jobId)
    {
        using var delete = new NpgsqlCommand($"DELETE FROM {QuotedName} WHERE {JobColumn} = @job", connection);
        delete.Parameters.AddWithValue("job", jobId);
        delete.ExecuteNonQuery();
    }

    public static NpgsqlDbType DbType(AttributeType type) => type switch
    {
        AttributeType.String => NpgsqlDbType.Text,
        AttributeType.Double => NpgsqlDbType.Double,
        AttributeType.Int32 => NpgsqlDbType.Integer,
        _ => NpgsqlDbType.Bigint,
    };

    private static string SqlType(AttributeType type) => type switch
    {
        AttributeType.String => "text",
        AttributeType.Double => "double precision",
        AttributeType.Int32 => "integer",
        _ => "bigint",
    };

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
