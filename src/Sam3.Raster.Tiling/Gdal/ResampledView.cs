using System.Globalization;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// A scene seen at another resolution: an in-memory VRT over the open source (gdal_translate
/// <c>-of VRT -tr R R -r METHOD</c>). Nothing is resampled up front: each window read through the
/// view reads the source window it covers, and GDAL takes it from the source's overviews when one
/// is fine enough, so reading at a coarse resolution costs little more than the coarse pixels.
/// The view refers to the source's handle: the source must outlive it.
/// </summary>
internal static class ResampledView
{
    public static DatasetHandle Create(DatasetHandle source, string path, GeoTransform transform, SceneResolution resolution)
    {
        if (!transform.IsNorthUp)
        {
            throw new RasterException($"{path}: --resolution needs a north-up scene (this one is rotated): warp it first, e.g. gdalwarp");
        }

        string r = resolution.UnitsPerPixel.ToString("R", CultureInfo.InvariantCulture);
        string method = resolution.MethodFor(Math.Sqrt(transform.PixelArea));
        var argv = Crs.OsrNative.Options("-of", "VRT", "-tr", r, r, "-r", method);
        var options = IntPtr.Zero;
        try
        {
            options = GdalTranslateNative.GDALTranslateOptionsNew(argv, IntPtr.Zero);
            if (options == IntPtr.Zero)
            {
                throw new RasterException($"{path}: GDAL refuses the resampling options (-tr {r} -r {method}): {GdalLibrary.LastErrorMessage()}");
            }

            GdalLibrary.ResetError();
            var view = GdalTranslateNative.GDALTranslate(string.Empty, source, options, out _);
            if (view == IntPtr.Zero)
            {
                throw new RasterException($"{path}: cannot be read at {resolution}: {GdalLibrary.LastErrorMessage()}");
            }

            return new DatasetHandle(view);
        }
        finally
        {
            if (options != IntPtr.Zero)
            {
                GdalTranslateNative.GDALTranslateOptionsFree(options);
            }

            Crs.OsrNative.FreeOptions(argv);
        }
    }
}
