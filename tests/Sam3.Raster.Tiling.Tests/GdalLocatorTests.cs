using System.Diagnostics;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Tests;

public sealed class GdalLocatorTests
{
    [Fact]
    public void The_installed_gdal_is_found_among_the_known_sonames_with_the_version_gdalinfo_reports()
    {
        var gdal = GdalLibrary.Loaded;

        Assert.Contains(gdal.Name, GdalLocator.KnownNames);
        Assert.True(gdal.VersionNum >= GdalLocator.MinimumVersionNum, $"{gdal.Name} is GDAL {gdal.Version}");
        Assert.Contains($"GDAL {gdal.Version},", GdalInfoVersion(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_soname_is_passed_over_for_the_next_candidate()
    {
        var gdal = GdalLocator.Locate(["libgdal.so.99", GdalLibrary.Loaded.Name]);

        Assert.Equal(GdalLibrary.Loaded.Name, gdal.Name);
        Assert.Equal(GdalLibrary.Loaded.VersionNum, gdal.VersionNum);
    }

    [Fact]
    public void No_candidates_give_one_error_saying_nothing_was_tried()
    {
        var ex = Assert.Throws<RasterException>(() => GdalLocator.Locate([]));

        Assert.Contains("GDAL >= 3.6 was not found (tried: no candidate names)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_names_every_candidate_tried_and_why_it_was_passed_over()
    {
        var ex = Assert.Throws<RasterException>(() => GdalLocator.Locate(["libgdal.so.99", "libc.so.6"]));

        Assert.Contains("libgdal.so.99 (not found)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libc.so.6 (no GDALVersionInfo: not GDAL)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LD_LIBRARY_PATH", ex.Message, StringComparison.Ordinal);
    }

    private static string GdalInfoVersion()
    {
        using var process = Process.Start(new ProcessStartInfo("gdalinfo", "--version") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
