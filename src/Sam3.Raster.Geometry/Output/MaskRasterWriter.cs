using Sam3.Raster.Geometry.Rasterize;
using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Writing;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// The <c>.tif</c> output: per scene a raster on the scene's grid, one UInt32 band per prompt (in
/// prompt order, described by the prompt), each pixel the id of the feature covering it and 0 where
/// none does (also the nodata value). A pixel is covered when its centre lies inside the feature
/// (<see cref="ScanlineFill"/>); where features of one prompt overlap, the higher score wins, and on
/// equal scores the higher id, so the raster does not depend on the order features arrive in.
/// <para>
/// Features are buffered per scene in pixel space (<see cref="PixelPolygon"/>) until
/// <see cref="Commit"/>, which burns them block by block (<see cref="MaskBurner"/>) into a sparse
/// tiled GeoTIFF and copies that through GDAL's COG driver (tiles, overviews by nearest neighbour so
/// every overview pixel is a real id, header first): memory is the features plus a block, never the
/// raster. Several scenes write one raster each (<see cref="MaskRasterPaths"/>); every raster is
/// written to a temporary file and all are renamed into place only once all are written.
/// </para>
/// </summary>
public sealed class MaskRasterWriter : IFeatureWriter
{
    /// <summary>The COG driver's default tile size, also the staging raster's block, so the copy reads whole blocks.</summary>
    public const int BlockSize = 512;

    private readonly OutputContext context;
    private readonly IReadOnlyList<string> paths;
    private readonly Dictionary<string, int> sceneIndex;
    private readonly Dictionary<string, int> bandIndex;
    private readonly List<BufferedFeature>[] buffered;
    private readonly int idColumn;
    private readonly int promptColumn;
    private readonly int sceneColumn;
    private readonly int scoreColumn;
    private readonly List<AtomicFile> files = [];
    private bool committed;

    public MaskRasterWriter(string path, OutputContext context)
    {
        if (context.Scenes.Count == 0 || context.Prompts.Count == 0)
        {
            throw new ArgumentException($"{path}: a mask raster (.tif) is written by a segmentation job (run, submit), which knows its scenes and prompts");
        }

        this.context = context;
        idColumn = Column(context.Schema, "id", path);
        promptColumn = Column(context.Schema, "prompt", path);
        sceneColumn = Column(context.Schema, "scene", path);
        scoreColumn = context.Schema.Columns.ToList().FindIndex(c => c.Name == "score" && c.Type == AttributeType.Double);
        paths = MaskRasterPaths.For(path, [.. context.Scenes.Select(s => s.Path)]);
        sceneIndex = context.Scenes.Select((s, i) => (s.Path, i)).DistinctBy(s => s.Path, StringComparer.Ordinal).ToDictionary(s => s.Path, s => s.i, StringComparer.Ordinal);
        bandIndex = context.Prompts.Select((p, i) => (p, i)).DistinctBy(p => p.p, StringComparer.Ordinal).ToDictionary(p => p.p, p => p.i, StringComparer.Ordinal);
        buffered = [.. context.Scenes.Select(_ => new List<BufferedFeature>())];
        Path = string.Join(", ", paths);
    }

    public string Path { get; }

    public long Count { get; private set; }

    /// <summary>The raster of each scene, in job order.</summary>
    public IReadOnlyList<string> Paths => paths;

    public void Write(OutputFeature feature)
    {
        ObjectDisposedException.ThrowIf(committed, this);
        context.Schema.Validate(feature);
        string scene = (string)feature.Attributes[sceneColumn], prompt = (string)feature.Attributes[promptColumn];
        if (!sceneIndex.TryGetValue(scene, out int s))
        {
            throw new ArgumentException($"{Path}: a feature of scene '{scene}', which is not one of the job's scenes");
        }

        if (!bandIndex.TryGetValue(prompt, out int band))
        {
            throw new ArgumentException($"{Path}: a feature of prompt '{prompt}', which is not one of the job's prompts");
        }

        long id = Convert.ToInt64(feature.Attributes[idColumn], System.Globalization.CultureInfo.InvariantCulture);
        if (id is < 1 or > uint.MaxValue)
        {
            throw new ArgumentException($"{Path}: feature id {id} does not fit a UInt32 mask pixel (1 … {uint.MaxValue})");
        }

        double score = scoreColumn >= 0 ? (double)feature.Attributes[scoreColumn] : 0;
        var polygon = PixelPolygon.From(feature.Geometry, context.Scenes[s].Transform.Inverse);
        buffered[s].Add(new BufferedFeature(polygon, (uint)id, band, score));
        Count++;
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(committed, this);
        GdalCache.EnsureConfigured();
        for (int s = 0; s < context.Scenes.Count; s++)
        {
            var file = new AtomicFile(paths[s]);
            files.Add(file);
            WriteScene(context.Scenes[s], buffered[s], file.TempPath);
            buffered[s].Clear();
        }

        files.ForEach(f => f.Commit());
        committed = true;
    }

    public void Dispose() => files.ForEach(f => f.Dispose());

    private void WriteScene(OutputScene scene, List<BufferedFeature> features, string destination)
    {
        using var staging = new AtomicFile(destination + ".staging.tif");
        using (var crs = scene.Crs.Wkt is { } wkt ? SpatialReference.FromWkt(wkt) : null)
        using (var writer = GeoTiffWriter.Create(
            staging.TempPath, scene.Width, scene.Height, context.Prompts.Count, GdalDataType.UInt32,
            scene.Crs.IsGeoreferenced || scene.Transform != GeoTransform.Identity ? scene.Transform : null, crs,
            ["TILED=YES", $"BLOCKXSIZE={BlockSize}", $"BLOCKYSIZE={BlockSize}", "INTERLEAVE=BAND", "SPARSE_OK=TRUE", "COMPRESS=DEFLATE", "ZLEVEL=1", "BIGTIFF=IF_SAFER"]))
        {
            var burner = new MaskBurner(scene.Width, scene.Height, BlockSize);
            for (int b = 0; b < context.Prompts.Count; b++)
            {
                int band = b + 1;
                writer.SetDescription(band, context.Prompts[b]);
                writer.SetNoData(band, 0);

                // Burnt lowest first: the highest score, then the highest id, ends on top.
                var order = features.Where(f => f.Band == b).OrderBy(f => f.Score).ThenBy(f => f.Id).Select(f => (f.Polygon, f.Id)).ToList();
                burner.Burn(order, (col, row, w, h, values) => writer.WriteWindow(band, col, row, w, h, values));
            }
        }

        CloudOptimizedGeoTiff.Copy(staging.TempPath, destination, CogOptions);
    }

    private static IReadOnlyList<string> CogOptions { get; } =
    [
        $"COMPRESS={(CloudOptimizedGeoTiff.SupportsCompression("ZSTD") ? "ZSTD" : "DEFLATE")}",
        "PREDICTOR=YES",
        $"BLOCKSIZE={BlockSize}",
        "OVERVIEW_RESAMPLING=NEAREST",
        "BIGTIFF=IF_SAFER",
    ];

    private static int Column(FeatureSchema schema, string name, string path)
    {
        int i = schema.Columns.ToList().FindIndex(c => c.Name == name);
        return i >= 0 ? i : throw new ArgumentException($"{path}: a mask raster needs the features' '{name}' attribute");
    }

    private sealed record BufferedFeature(PixelPolygon Polygon, uint Id, int Band, double Score);
}
