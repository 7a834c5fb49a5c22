using Microsoft.Data.Sqlite;
using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Serialization;

namespace Sam3.Raster.Cli.Tests;

/// <summary>Reads a job's recorded events from a node's SQLite journal, as a test's evidence.</summary>
internal static class JobJournal
{
    /// <summary>How many times each tile's completion was recorded in the job's journal.</summary>
    public static Dictionary<(int Scene, int Tile), int> RecordedCompletions(string statePath, JobId id)
    {
        using var connection = new SqliteConnection($"Data Source={statePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message FROM journal WHERE persistence_id = $id AND manifest = 'job.tile-completed'";
        command.Parameters.AddWithValue("$id", JobEntity.PersistenceIdOf(id.Value));
        var counts = new Dictionary<(int, int), int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var e = System.Text.Json.JsonSerializer.Deserialize<JobEvents.TileCompleted>((byte[])reader[0], Sam3JsonSerializer.Options)!;
            counts[(e.Scene, e.Tile)] = counts.GetValueOrDefault((e.Scene, e.Tile)) + 1;
        }

        return counts;
    }
}
