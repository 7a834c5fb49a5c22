using System.Globalization;
using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Output;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.Geometry.Vectorize;
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
        using var mask = new MaskBand(maskPath, band);
        if (stripRows <= 0)
        {
            stripRows = Math.Max(64, StripPixels / Math.Max(1, mask.Width));
        }

        var crs = SceneCrs.FromWkt(mask.Wkt);
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
        var gt = mask.GeoTransform;

        void Emit(IEnumerable<SeamFeature> done)
        {
            foreach (var f in done)
            {
                var g = Georeferencing.ToWorld(f.Geometry, gt, world);
                writer.Write(new OutputFeature(g, [long.Parse(f.Prompt, CultureInfo.InvariantCulture), g.Area]));
            }
        }

        if (mask.IsByte && mask.NoData is null or (>= 0 and <= 255))
        {
            var buffer = new byte[(long)mask.Width * Math.Min(stripRows, mask.Height)];
            foreach (var t in tiles)
            {
                var span = buffer.AsSpan(0, (int)t.Window.Area);
                mask.ReadRows<byte>(t.Window.Row, t.Window.Height, span);
                if (mask.NoData is int nd && nd != 0)
                {
                    span.Replace((byte)nd, (byte)0);
                }

                Emit(merger.Add(t.Id, Pieces(vectorizer.VectorizeValues<byte>(span, mask.Width, t.Window.Height, 0, t.Window.Row), v => v)));
            }
        }
        else
        {
            var buffer = new int[(long)mask.Width * Math.Min(stripRows, mask.Height)];
            foreach (var t in tiles)
            {
                var span = buffer.AsSpan(0, (int)t.Window.Area);
                mask.ReadRows<int>(t.Window.Row, t.Window.Height, span);
                if (mask.NoData is int nd && nd != 0)
                {
                    span.Replace(nd, 0);
                }

                Emit(merger.Add(t.Id, Pieces(vectorizer.VectorizeValues<int>(span, mask.Width, t.Window.Height, 0, t.Window.Row), v => v)));
            }
        }

        Emit(merger.Finish());
        writer.Commit();
        return new Result(writer.Count, mask.Width, mask.Height);
    }

    private static IEnumerable<SeamFeature> Pieces<T>(IReadOnlyList<VectorPolygon<T>> polygons, Func<T, long> value)
        where T : unmanaged =>
        polygons.Select(p => new SeamFeature(p.Geometry, value(p.Value).ToString(CultureInfo.InvariantCulture), 1.0, 0, 0));
}
