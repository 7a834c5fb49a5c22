using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Aoi;

/// <summary>
/// An <see cref="AreaOfInterest"/> in one scene's pixel coordinates (col, row of pixel corners, as
/// tile windows and vectorized features are), prepared for many intersection tests.
/// </summary>
public sealed class SceneAoi
{
    private readonly IPreparedGeometry prepared;

    public SceneAoi(AreaOfInterest area, NetTopologySuite.Geometries.Geometry pixels)
    {
        Area = area;
        Pixels = pixels;
        prepared = PreparedGeometryFactory.Prepare(pixels);
    }

    public AreaOfInterest Area { get; }

    public NetTopologySuite.Geometries.Geometry Pixels { get; }

    /// <summary>Whether a pixel window (a tile's, a scene's extent) meets the area; touching counts.</summary>
    public bool Meets(PixelWindow window) => prepared.Intersects(Pixels.Factory.ToGeometry(
        new Envelope(window.Col, window.Col + window.Width, window.Row, window.Row + window.Height)));

    public bool Meets(NetTopologySuite.Geometries.Geometry pixelGeometry) => prepared.Intersects(pixelGeometry);
}
