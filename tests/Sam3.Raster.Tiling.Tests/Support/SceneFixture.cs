using Sam3.Raster.TestSupport;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;

[assembly: AssemblyFixture(typeof(Sam3.Raster.Tiling.Tests.Support.SceneFixture))]

namespace Sam3.Raster.Tiling.Tests.Support;

/// <summary>The synthetic scenes the reading tests share, written once per test run.</summary>
public sealed class SceneFixture : IDisposable
{
    public const int Width = 2345;
    public const int Height = 1777;

    /// <summary>Columns [0, NoDataRight) of <see cref="NoDataBlock"/> are nodata (UInt16 value 0).</summary>
    public const int NoDataRight = 1100;

    private readonly TempDirectory dir = new("sam3r-scenes");

    public SceneFixture()
    {
        UInt16 = TestScenes.Create(dir.File("u16.tif"), new SceneSpec(Width, Height, 3, GdalDataType.UInt16,
            (b, c, r) => 1 + TestScenes.Pattern(b, c, r, 50000)));

        Byte = TestScenes.Create(dir.File("byte.tif"), new SceneSpec(Width, Height, 3, GdalDataType.Byte,
            (b, c, r) => TestScenes.Pattern(b, c, r, 256)));

        Int16 = TestScenes.Create(dir.File("i16.tif"), new SceneSpec(Width, Height, 3, GdalDataType.Int16,
            (b, c, r) => (c * r) % 501 == 0 ? -9999 : TestScenes.Pattern(b, c, r, 30000) - 15000) { NoData = -9999 });

        // Rotated and sheared transform, a geographic CRS, NaN holes: nothing north-up about it.
        Float32Rotated = TestScenes.Create(dir.File("f32rot.tif"), new SceneSpec(Width, Height, 3, GdalDataType.Float32,
            (b, c, r) => (c + r) % 211 == 0 ? double.NaN : (TestScenes.Pattern(b, c, r, 1000) * 0.01) - 3.5)
        {
            GeoTransform = new GeoTransform(12.5, 0.0001, 0.00003, 45.2, 0.00002, -0.0001),
            Epsg = 4326,
        });

        NoDataBlock = TestScenes.Create(dir.File("nodata.tif"), new SceneSpec(Width, Height, 3, GdalDataType.UInt16,
            (b, c, r) => c < NoDataRight ? 0 : 1 + TestScenes.Pattern(b, c, r, 4000)) { NoData = 0 });

        // RGBA: alpha 0 over the bottom rows [1000, 1777) and a small hole, so the mask band is the alpha band.
        Alpha = TestScenes.Create(dir.File("rgba.tif"), new SceneSpec(Width, Height, 4, GdalDataType.Byte,
            (b, c, r) => b < 4 ? TestScenes.Pattern(b, c, r, 256) : r >= 1000 || (c < 50 && r < 50) ? 0 : 255)
        {
            CreationOptions = ["TILED=YES", "PHOTOMETRIC=RGB", "ALPHA=YES"],
        });
    }

    public string UInt16 { get; }

    /// <summary>Int16 with negative values and scattered nodata (−9999).</summary>
    public string Int16 { get; }

    /// <summary>3 bands Byte: read through the in-place widening path.</summary>
    public string Byte { get; }

    public string Float32Rotated { get; }

    public string NoDataBlock { get; }

    public string Alpha { get; }

    public string TempPath => dir.Path;

    public void Dispose() => dir.Dispose();
}
