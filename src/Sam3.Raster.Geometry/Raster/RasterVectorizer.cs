using System.Numerics;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
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
/// Memory stays flat: the band is read in strips of about <see cref="StripPixels"/> pixels and fed to
/// a <see cref="StripVectorizer{T}"/>, which links the boundaries of regions cut by strip edges edge
/// by edge (no geometric unions), so an object across any number of strips costs time linear in its
/// outline. Memory is one strip plus the outlines of the regions crossing the open strip edge.
/// </remarks>
public static class RasterVectorizer
{
    /// <summary>Pixels per strip: 16 Mpx is ~50 MB of working memory (mask, edge bits, runs).</summary>
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
        if (info.DataType == GdalDataType.Byte)
        {
            VectorizeStrips<byte>(mask, info, stripRows, connectivity, Emit);
        }
        else
        {
            VectorizeStrips<int>(mask, info, stripRows, connectivity, Emit);
        }

        writer.Commit();
        return new Result(writer.Count, mask.Width, mask.Height);

        void Emit(NetTopologySuite.Geometries.Geometry pixels, long value)
        {
            var g = Georeferencing.ToWorld(pixels, mask.GeoTransform, world);
            writer.Write(new OutputFeature(g, [value, g.Area]));
        }
    }

    /// <summary>
    /// Reads the strips in order into one reused buffer and vectorizes them. Pixels GDAL's mask marks
    /// invalid (nodata value, alpha band or mask file, which gdal_polygonize honours too) are zeroed
    /// first, so they belong to no polygon.
    /// </summary>
    private static void VectorizeStrips<T>(RasterDataset mask, RasterBandInfo band, int stripRows, Connectivity connectivity, Action<NetTopologySuite.Geometries.Geometry, long> emit)
        where T : unmanaged, IBinaryInteger<T>
    {
        int most = checked(Math.Min(stripRows, mask.Height) * mask.Width);
        var values = new T[most];
        var valid = band.HasMask ? new byte[most] : null;
        var vectorizer = new StripVectorizer<T>(mask.Width, mask.Height, connectivity);
        Action<VectorPolygon<T>> add = p => emit(p.Geometry, long.CreateTruncating(p.Value));
        for (int row = 0; row < mask.Height; row += stripRows)
        {
            var window = new PixelWindow(0, row, mask.Width, Math.Min(stripRows, mask.Height - row));
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

            vectorizer.Add(values, window.Row, window.Height, add);
        }
    }
}
