using Microsoft.Win32.SafeHandles;

namespace Sam3.Raster.Tiling.Crs;

/// <summary>An OGRCoordinateTransformationH, destroyed when disposed.</summary>
internal sealed class CoordinateTransformationHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CoordinateTransformationHandle() : base(ownsHandle: true) { }

    public CoordinateTransformationHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        OsrNative.OCTDestroyCoordinateTransformation(handle);
        return true;
    }
}
