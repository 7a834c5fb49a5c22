using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace Sam3.Raster.Geometry.Output.PostGis;

/// <summary>
/// Writes a job's features into a PostGIS table in ONE transaction: the table is made sure of
/// (<see cref="PostGisTable"/>), the job's earlier rows deleted, the features streamed with binary
/// COPY (geometry as EWKB carrying the SRID, which PostGIS's binary input reads), and everything
/// committed at <see cref="Commit"/>. Readers see the old rows until then, never a half-written job;
/// disposing without committing rolls back. A transaction-scoped advisory lock on the table's name
/// serialises jobs creating or writing the same table.
/// </summary>
public sealed class PostGisWriter : IFeatureWriter
{
    private readonly PostGisTarget target;
    private readonly FeatureSchema schema;
    private readonly string jobId;
    private readonly int srid;
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly NpgsqlBinaryImporter importer;
    private readonly WKBWriter ewkb = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);
    private bool committed;

    public PostGisWriter(PostGisTarget target, OutputContext context)
    {
        this.target = target;
        schema = context.Schema;
        jobId = context.JobId ?? throw new ArgumentException($"{target.Description}: a PostGIS output is written by jobs (sam3r run, sam3r submit)");
        srid = context.Crs.Srid;
        var table = new PostGisTable(target, schema, srid);
        connection = PostGisConnection.Open(target);
        try
        {
            transaction = connection.BeginTransaction();
            using (var lockTable = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@table))", connection))
            {
                lockTable.Parameters.AddWithValue("table", target.Table);
                lockTable.ExecuteNonQuery();
            }

            PostGisConnection.EnsurePostGis(connection, target);
            table.Ensure(connection);
            table.DeleteJob(connection, jobId);
            importer = connection.BeginBinaryImport(
                $"COPY {table.QuotedName} ({string.Join(", ", table.CopyColumns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        }
        catch (PostgresException ex)
        {
            connection.Dispose();
            throw new IOException($"cannot prepare {target.Description}: {PostGisTarget.Scrub(ex.MessageText)}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public string Path => target.Uri;

    public long Count { get; private set; }

    public void Write(OutputFeature feature)
    {
        schema.Validate(feature);
        var g = feature.Geometry;
        if (g is not (Polygon or MultiPolygon))
        {
            throw new ArgumentException($"only polygons are written, got {g.GeometryType}");
        }

        if (g.SRID != srid)
        {
            g = g.Copy();
            g.SRID = srid;
        }

        importer.StartRow();
        importer.Write(jobId, NpgsqlDbType.Text);
        for (int i = 0; i < schema.Columns.Count; i++)
        {
            importer.Write(feature.Attributes[i], PostGisTable.DbType(schema.Columns[i].Type));
        }

        // Raw bytes on the wire: the server reads them with the geometry type's binary input (EWKB).
        importer.Write(ewkb.Write(g), NpgsqlDbType.Bytea);
        Count++;
    }

    public void Commit()
    {
        try
        {
            importer.Complete();
            importer.Dispose();
            transaction.Commit();
            committed = true;
        }
        catch (PostgresException ex)
        {
            throw new IOException($"cannot write {target.Description}: {PostGisTarget.Scrub(ex.MessageText)}", ex);
        }
    }

    public void Dispose()
    {
        if (!committed)
        {
            try
            {
                importer.Dispose();
                transaction.Rollback();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The connection closes below; the server rolls back what was not committed.
            }
        }

        transaction.Dispose();
        connection.Dispose();
    }
}
