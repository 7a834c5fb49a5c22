using NetTopologySuite.IO;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Actors.Pipeline;

/// <summary>One feature of one tile: prompt index, score, query, polygon in scene pixel coordinates.</summary>
public sealed record TileFeature(int Prompt, float Score, int Query, NetTopologySuite.Geometries.Geometry Geometry);

/// <summary>
/// The durable per-tile results of a job: one file per tile in the job's work folder, written
/// atomically (<see cref="AtomicFile"/>, flushed to disk before the rename). A tile processed twice replaces its file with the
/// same content, and a resumed job needs nothing in memory: the writer reads the files back.
/// </summary>
public static class TileResultStore
{
    private const int Magic = 0x54523353; // "S3RT"
    private const int Version = 1;

    public static string PathOf(string workDirectory, int scene, int tile) =>
        Path.Combine(workDirectory, $"scene-{scene:D3}", $"tile-{tile:D6}.s3rt");

    public static void Write(string workDirectory, int scene, int tile, IReadOnlyList<TileFeature> features)
    {
        using var file = new AtomicFile(PathOf(workDirectory, scene, tile));
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
        using (var stream = new FileStream(file.TempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(Version);
                w.Write(features.Count);
                foreach (var f in features)
                {
                    w.Write(f.Prompt);
                    w.Write(f.Score);
                    w.Write(f.Query);
                    byte[] bytes = wkb.Write(f.Geometry);
                    w.Write(bytes.Length);
                    w.Write(bytes);
                }
            }

            stream.Flush(flushToDisk: true);
        }

        file.Commit();
    }

    /// <summary>The feature count of a stored tile result, or null when the tile has none (yet) or it cannot be read.</summary>
    public static int? TryCount(string workDirectory, int scene, int tile)
    {
        string path = PathOf(workDirectory, scene, tile);
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            return r.ReadInt32() == Magic && r.ReadInt32() == Version ? r.ReadInt32() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IReadOnlyList<TileFeature> Read(string workDirectory, int scene, int tile)
    {
        string path = PathOf(workDirectory, scene, tile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the result of tile {tile} of scene {scene} is missing: {path}");
        }

        using var r = new BinaryReader(File.OpenRead(path));
        if (r.ReadInt32() != Magic || r.ReadInt32() != Version)
        {
            throw new InvalidDataException($"not a tile result file: {path}");
        }

        var reader = new WKBReader(PixelSpace.Factory.GeometryServices);
        int count = r.ReadInt32();
        var features = new List<TileFeature>(count);
        for (int i = 0; i < count; i++)
        {
            int prompt = r.ReadInt32();
            float score = r.ReadSingle();
            int query = r.ReadInt32();
            byte[] bytes = r.ReadBytes(r.ReadInt32());
            features.Add(new TileFeature(prompt, score, query, reader.Read(bytes)));
        }

        return features;
    }
}
