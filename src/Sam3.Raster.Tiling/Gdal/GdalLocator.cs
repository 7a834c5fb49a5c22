using System.Runtime.InteropServices;
using System.Text;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// Finds the system GDAL among the sonames distributions ship (Debian 13: libgdal.so.36, Ubuntu
/// 24.04: .34, Debian 12: .32, conda-forge: others) and the development link <c>libgdal.so</c>,
/// and accepts the first one whose <c>GDALVersionInfo("VERSION_NUM")</c> is at least 3.6, the
/// oldest C API the bindings were written against. Nothing is bound to one soname at compile time.
/// </summary>
public static class GdalLocator
{
    /// <summary>Newest first, so a machine with two GDALs uses the newer.</summary>
    public static IReadOnlyList<string> KnownNames { get; } =
        ["libgdal.so.36", "libgdal.so.35", "libgdal.so.34", "libgdal.so.33", "libgdal.so.32", "libgdal.so"];

    /// <summary>GDAL 3.6.0 in GDAL's VERSION_NUM encoding (major·1e6 + minor·1e4 + revision·100).</summary>
    public const int MinimumVersionNum = 3060000;

    /// <summary>
    /// Loads the first acceptable candidate. Throws a <see cref="RasterException"/> naming every
    /// candidate and why it was passed over when none is acceptable.
    /// </summary>
    public static LoadedGdal Locate(IReadOnlyList<string> candidates)
    {
        var passedOver = new List<string>();
        foreach (var name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                passedOver.Add($"{name} (not found)");
                continue;
            }

            var (versionNum, release) = ReadVersion(handle);
            if (versionNum >= MinimumVersionNum)
            {
                return new LoadedGdal(name, handle, release, versionNum);
            }

            passedOver.Add(versionNum < 0 ? $"{name} (no GDALVersionInfo: not GDAL)" : $"{name} (GDAL {release}, older than 3.6)");
            NativeLibrary.Free(handle);
        }

        var tried = passedOver.Count == 0 ? "no candidate names" : string.Join(", ", passedOver);
        throw new RasterException(
            $"GDAL >= 3.6 was not found (tried: {tried}). Install it (Debian/Ubuntu: `apt-get install libgdal-dev` " +
            "or the distribution's libgdalNN; scripts/install-deps.sh) or put its folder on LD_LIBRARY_PATH.");
    }

    private static unsafe (int VersionNum, string Release) ReadVersion(IntPtr handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "GDALVersionInfo", out var export))
        {
            return (-1, "");
        }

        var versionInfo = (delegate* unmanaged<byte*, byte*>)export;
        var num = Query(versionInfo, "VERSION_NUM");
        var release = Query(versionInfo, "RELEASE_NAME");
        return (int.TryParse(num, out var value) ? value : -1, release);
    }

    private static unsafe string Query(delegate* unmanaged<byte*, byte*> versionInfo, string request)
    {
        var bytes = Encoding.ASCII.GetBytes(request + '\0');
        fixed (byte* requestPtr = bytes)
        {
            return Marshal.PtrToStringUTF8((IntPtr)versionInfo(requestPtr)) ?? "";
        }
    }
}
