using System.Globalization;
using System.Numerics;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Geometry.Vectorize;
using Sam3.Raster.Tiling;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Raster;

/// <summary>
/// <c>sam3r vectorize</c>: polygons of the nonzero, non-nodata pixels of a raster band, one per
/// connected region of equal value (like gdal_polygonize with the band as its own mask),
/// georeferenced and written by extension.
/// </summary>
/// <remarks>
/// Memory stays flat: the band is read in strips of about <see cref="StripPixels"/> pixels; each strip is
/// vectorized on its own and the pieces cut by strip edges are joined by a <see cref="SeamMerger"/>
/// (strips abut without overlap, so pieces join where they share an edge, or a corner with
/// 8-connectivity). Memory is one strip plus the features crossing the open strip edge.
/// </remarks>
public static class RasterVectorizer
{
    /// <summary>Pixels per strip: 16 Mpx is ~50 MB of working memory (mask, edge bits, runs) and keeps seams few.</summary>
    public const int StripPixels = 16 << 20;

    public sealed record Result(long Features, int Width, int Height);

    public static Result Run(string maskPath, IReadOnlyList<string> outputs, Connectivity connectivity = Connectivity.Four, int band = 1, int stripRows = 0)
    {
        // A mask need not be georeferenced: without a geotransform its polygons stay in pixel space.
        using var mask = RasterDataset.Open(maskPath, allowUngeoreferenced: true);
        if (band < 1 || band > mask.BandCount)
        {
            throw new ArgumentException($"{maskPath} has {mask.BandCount} band(s); band {band} does not exist");
        }

        var info = mask.Bands[band - 1];
        if (info.DataType is not (GdalDataType.Byte or GdalDataType.Int8 or GdalDataType.UInt16 or GdalDataType.Int16 or GdalDataType.UInt32 or GdalDataType.Int32))
        {
            throw new RasterException($"{maskPath}: band {band} is not an integer band ({info.DataType}); a mask must hold integer classes");
        }

        if (stripRows <= 0)
        {
            stripRows = Math.Max(64, StripPixels / Math.Max(1, mask.Width));
        }

        var crs = SceneCrs.FromWkt(mask.CrsWkt);
        var world = new GeometryFactory(new PrecisionModel(), crs.Srid);
        using var writer = FeatureOutputs.OpenAll(outputs, FeatureSchema.PixelValues, crs);

        int strips = Math.Max(1, (mask.Height + stripRows - 1) / stripRows);
        var tiles = Enumerable.Range(0, strips).Select(i =>
        {
            var w = new PixelWindow(0, i * stripRows, mask.Width, Math.Min(stripRows, mask.Height - (i * stripRows)));
            return new SeamTile(i, 0, i, w, w);
        }).ToList();
        var merger = new SeamMerger(tiles, connectivity == Connectivity.Eight ? SeamJoin.SharedCorner : SeamJoin.SharedEdge);
        var vectorizer = new MaskVectorizer(connectivity);
        Action<int, IEnumerable<SeamFeature>> add = (id, pieces) => Emit(merger.Add(id, pieces));
        if (info.DataType == GdalDataType.Byte)
        {
            VectorizeStrips<byte>(mask, info, tiles, vectorizer, add);
        }
        else
        {
            VectorizeStrips<int>(mask, info, tiles, vectorizer, add);
        }

        Emit(merger.Finish());
        writer.Commit();
        return new Result(writer.Count, mask.Width, mask.Height);

        void Emit(IEnumerable<SeamFeature> done)
        {
            foreach (var f in done)
            {
                var g = Georeferencing.ToWorld(f.Geometry, mask.GeoTransform, world);
                writer.Write(new OutputFeature(g, [long.Parse(f.Prompt, CultureInfo.InvariantCulture), g.Area]));
            }
        }
    }

    /// <summary>
    /// Reads the strips in order into one reused buffer and hands each strip's polygons, by value,
    /// to <paramref name="add"/>. Pixels GDAL's mask marks invalid (nodata value, alpha band or mask
    /// file, which gdal_polygonize honours too) are zeroed first, so they belong to no polygon.
    /// </summary>
    private static void VectorizeStrips<T>(RasterDataset mask, RasterBandInfo band, IReadOnlyList<SeamTile> strips, MaskVectorizer vectorizer, Action<int, IEnumerable<SeamFeature>> add)
        where T : unmanaged, IBinaryInteger<T>
    {
        int most = strips.Max(s => checked((int)s.Window.Area));
        var values = new T[most];
        var valid = band.HasMask ? new byte[most] : null;
        foreach (var strip in strips)
        {
            var window = strip.Window;
            var span = values.AsSpan(0, (int)window.Area);
            mask.ReadBand(band.Index, window, span);
            if (valid is not null)
            {
                var validSpan = valid.AsSpan(0, span.Length);
                mask.ReadMask(band.Index, window, validSpan, window.Width);
                for (int i = 0; i < span.Length; i++)
                {
                    if (validSpan[i] == 0)
                    {
                        span[i] = T.Zero;
                    }
                }
            }

            var polygons = vectorizer.VectorizeValues<T>(span, window.Width, window.Height, 0, window.Row);
            add(strip.Id, polygons.Select(p => new SeamFeature(p.Geometry, long.CreateTruncating(p.Value).ToString(CultureInfo.InvariantCulture), 1.0, 0, 0)));
        }
    }
}
