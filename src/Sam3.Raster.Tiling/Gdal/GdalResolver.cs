using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sam3.Raster.Tiling.Gdal;

/// <summary>
/// Maps the logical library name every GDAL binding in this assembly imports
/// (<see cref="GdalLibrary.Name"/>) to the GDAL <see cref="GdalLocator"/> found, once per process.
/// </summary>
internal static class GdalResolver
{
    private static readonly Lazy<LoadedGdal> Loaded = new(() => GdalLocator.Locate(GdalLocator.KnownNames));

    /// <summary>The located GDAL; throws the locator's <see cref="RasterException"/> when there is none.</summary>
    public static LoadedGdal Library => Loaded.Value;

    // The resolver must be in place before the first P/Invoke of any binding class, whichever runs
    // first; a module initializer is the one hook that precedes them all.
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Registers this assembly's own DllImport resolver, which must precede every GDAL call.")]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(GdalResolver).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != GdalLibrary.Name)
        {
            return IntPtr.Zero;
        }

        // A failed location returns zero so the runtime raises DllNotFoundException; GdalLibrary's
        // registration reads Library first and so reports the locator's message instead.
        try
        {
            return Loaded.Value.Handle;
        }
        catch (RasterException)
        {
            return IntPtr.Zero;
        }
    }
}
