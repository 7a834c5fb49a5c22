using Microsoft.Data.Sqlite;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Tests.Cluster;

internal static class ClusterRuns
{
    /// <summary>Small batches and windows, readers at normal priority: on 2 cores several nodes (and other tests) share the CPU.</summary>
    public static PipelineSettings Settings { get; } = PipelineSettings.Default with { Batch = 2, MaxInFlightTiles = 4, Readers = 1, GeometryWorkers = 1, CpuSidePriority = Sam3.Raster.Actors.Pipeline.CpuSidePriority.Normal };

    /// <summary>How many times each tile's completion was recorded in the job's journal (SQLite).</summary>
    public static Dictionary<(int Scene, int Tile), int> RecordedCompletions(string statePath, JobId id)
    {
        using var connection = new SqliteConnection($"Data Source={statePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message FROM journal WHERE persistence_id = $id AND manifest = 'job.tile-completed'";
        command.Parameters.AddWithValue("$id", Sam3.Raster.Actors.Entities.JobEntity.PersistenceIdOf(id.Value));
        var counts = new Dictionary<(int, int), int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var e = System.Text.Json.JsonSerializer.Deserialize<JobEvents.TileCompleted>((byte[])reader[0], Sam3.Raster.Actors.Serialization.Sam3JsonSerializer.Options)!;
            counts[(e.Scene, e.Tile)] = counts.GetValueOrDefault((e.Scene, e.Tile)) + 1;
        }

        return counts;
    }
}
