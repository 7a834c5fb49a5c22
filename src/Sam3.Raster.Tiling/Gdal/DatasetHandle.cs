using Microsoft.Win32.SafeHandles;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>A GDALDatasetH, closed with GDALClose exactly once, even if the owner forgets to dispose.</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle() : base(ownsHandle: true) { }

    public DatasetHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        // GDAL 3.6's GDALClose returns nothing; writers check CPLGetLastErrorType after closing.
        GdalNative.GDALClose(handle);
        return true;
    }
}
