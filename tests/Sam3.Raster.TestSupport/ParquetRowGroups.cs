using DuckDB.NET.Data;

namespace Sam3.Raster.TestSupport;

/// <summary>How many row groups of a parquet file DuckDB reads for one filtered query, and how many there are.</summary>
public sealed record RowGroupsRead(int Read, int Total, long Rows);

/// <summary>
/// DuckDB as the independent reader of a GeoParquet file: the query runs with DuckDB's file-system
/// log on, and each logged read is placed in the row group whose column chunk holds that byte
/// (chunk ranges from <c>parquet_metadata</c>). Row groups whose statistics exclude the filter are
/// never read, so <see cref="RowGroupsRead.Read"/> below <see cref="RowGroupsRead.Total"/> is skipping seen from outside.
/// </summary>
public static class ParquetRowGroups
{
    /// <summary>Runs <c>SELECT count(*) FROM file WHERE <paramref name="where"/></c> on a fresh in-memory DuckDB.</summary>
    public static RowGroupsRead CountRead(string parquetPath, string where)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "CALL enable_logging('FileSystem')";
        cmd.ExecuteNonQuery();
        cmd.CommandText = $"SELECT count(*) FROM read_parquet('{parquetPath}') WHERE {where}";
        long rows = Convert.ToInt64(cmd.ExecuteScalar());
        cmd.CommandText = $"""
            WITH reads AS (
                SELECT json_extract_string(message, '$.pos')::BIGINT AS pos FROM duckdb_logs
                WHERE type = 'FileSystem' AND json_extract_string(message, '$.op') = 'READ'),
            chunks AS (
                SELECT row_group_id, coalesce(dictionary_page_offset, data_page_offset) AS first, total_compressed_size AS size
                FROM parquet_metadata('{parquetPath}'))
            SELECT (SELECT count(DISTINCT row_group_id) FROM reads JOIN chunks ON pos >= first AND pos < first + size),
                   (SELECT count(DISTINCT row_group_id) FROM chunks)
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return new RowGroupsRead(Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)), rows);
    }

    /// <summary>The GeoParquet covering filter for features whose bbox meets the window.</summary>
    public static string BboxIntersects(double minX, double minY, double maxX, double maxY) =>
        FormattableString.Invariant($"bbox.xmin <= {maxX} AND bbox.xmax >= {minX} AND bbox.ymin <= {maxY} AND bbox.ymax >= {minY}");
}
