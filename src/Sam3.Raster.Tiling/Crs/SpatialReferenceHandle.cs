using Microsoft.Win32.SafeHandles;

namespace Sam3.Raster.Tiling.Crs;

/// <summary>An OGRSpatialReferenceH, released (reference-counted) when disposed.</summary>
internal sealed class SpatialReferenceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SpatialReferenceHandle() : base(ownsHandle: true) { }

    public SpatialReferenceHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        OsrNative.OSRRelease(handle);
        return true;
    }
}
