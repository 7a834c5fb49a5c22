using System.Text.Json;
using NetTopologySuite.IO;
using ParquetSharp;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Actors.Pipeline;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Actors.Maps;

/// <summary>
/// A job's features for the map (<c>GET /jobs/{id}/features</c>), as a GeoJSON FeatureCollection in
/// lon/lat with two foreign members: <c>source</c> and <c>truncated</c>. A completed job gives its
/// written output (a .geojson output as it is; else a .parquet output, reprojected from its
/// <c>geo</c> CRS): the merged features. Until then (or when neither output is readable here) it
/// gives the raw features of the tiles done so far, read from their results in the job's work
/// folder: pieces cut at the seams and, across the tiles' overlaps, drawn twice, but live.
/// At most <see cref="MaxFeatures"/> features, so a browser can draw them.
/// </summary>
public sealed class JobFeatures(SceneGeoCache scenes)
{
    public const int MaxFeatures = 20_000;

    public void Write(JobTiles tiles, Stream output)
    {
        if (tiles.Status == JobStatus.Completed && tiles.Spec is { } spec)
        {
            if (spec.Outputs.FirstOrDefault(o => o.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) && File.Exists(o)) is { } geojson)
            {
                using var file = File.OpenRead(geojson);
                file.CopyTo(output);
                return;
            }

            if (spec.Outputs.FirstOrDefault(o => o.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && File.Exists(o)) is { } parquet
                && ParquetCrs(parquet) is { } crs)
            {
                WriteParquet(parquet, crs, output);
                return;
            }
        }

        WriteTileResults(tiles, output);
    }

    private void WriteTileResults(JobTiles tiles, Stream output)
    {
        using var w = new Utf8JsonWriter(output);
        int written = 0;
        bool truncated = false;
        Begin(w, "tiles");
        if (tiles.Spec is { } spec)
        {
            foreach (var scene in tiles.Scenes)
            {
                if (scenes.Get(scene.Path).Scene is not { } geo)
                {
                    continue;
                }

                using var projection = new LonLatProjection(geo);
                foreach (var tile in scene.Tiles.Where(t => t.Status == TileStatus.Done))
                {
                    IReadOnlyList<TileFeature> features;
                    try
                    {
                        features = TileResultStore.Read(spec.WorkDirectory, scene.Scene, tile.Id);
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                    {
                        continue; // a shared work folder this node does not see, or a result being replaced
                    }

                    foreach (var f in features)
                    {
                        if (written == MaxFeatures)
                        {
                            truncated = true;
                            break;
                        }

                        string prompt = f.Prompt >= 0 && f.Prompt < spec.Prompts.Count ? spec.Prompts[f.Prompt] : f.Prompt.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        Feature(w, projection.FromPixels(f.Geometry), prompt, f.Score, scene.Scene, tile.Id);
                        written++;
                    }
                }
            }
        }

        End(w, truncated);
    }

    private static void WriteParquet(string path, string crs, Stream output)
    {
        using var w = new Utf8JsonWriter(output);
        using var source = SpatialReference.FromUserInput(crs);
        using var toWgs84 = CoordinateTransformation.ToWgs84(source);
        var features = GeoParquetFeatures.Read(path);
        Begin(w, "output");
        foreach (var (geometry, prompt) in features.Take(MaxFeatures))
        {
            Feature(w, BulkCoordinateFilter.Apply(geometry, toWgs84.Transform), prompt, null, null, null);
        }

        End(w, features.Count > MaxFeatures);
    }

    /// <summary>The PROJJSON of a GeoParquet file's geometry column, or null when it has none (coordinates are then not on the map).</summary>
    private static string? ParquetCrs(string path)
    {
        using var reader = new ParquetFileReader(path);
        if (!reader.FileMetaData.KeyValueMetadata.TryGetValue("geo", out var geo))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(geo);
        return doc.RootElement.TryGetProperty("columns", out var columns)
            && columns.TryGetProperty("geometry", out var column)
            && column.TryGetProperty("crs", out var crs)
            && crs.ValueKind == JsonValueKind.Object
            ? crs.GetRawText()
            : null;
    }

    private static void Begin(Utf8JsonWriter w, string source)
    {
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteString("source", source);
        w.WriteStartArray("features");
    }

    private static void End(Utf8JsonWriter w, bool truncated)
    {
        w.WriteEndArray();
        w.WriteBoolean("truncated", truncated);
        w.WriteEndObject();
    }

    private static void Feature(Utf8JsonWriter w, NetTopologySuite.Geometries.Geometry geometry, string prompt, float? score, int? scene, int? tile)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("properties");
        w.WriteString("prompt", prompt);
        if (score is { } s)
        {
            w.WriteNumber("score", Math.Round(s, 4));
        }

        if (scene is { } sc && tile is { } t)
        {
            w.WriteNumber("scene", sc);
            w.WriteNumber("tile", t);
        }

        w.WriteEndObject();
        w.WritePropertyName("geometry");
        GeoJsonGeometry.Write(w, geometry);
        w.WriteEndObject();
    }
}
