namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// The GDAL library the process bound to: the name it was loaded by, its native handle and its
/// version (<c>GDALVersionInfo("RELEASE_NAME")</c>, e.g. 3.6.2; <c>VersionNum</c> is GDAL's
/// integer form, 3060200).
/// </summary>
public sealed record LoadedGdal(string Name, IntPtr Handle, string Version, int VersionNum);
