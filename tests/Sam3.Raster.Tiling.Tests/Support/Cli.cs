using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Tiling.Tests.Support;

/// <summary>
/// Runs the built <c>sam3r</c> CLI as users do. scripts/test.sh builds the solution first; when the
/// test project is run alone and the CLI is missing, it is built once here.
/// </summary>
public static class Cli
{
    private static readonly Lazy<string> Dll = new(() =>
    {
        var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "Sam3.Raster.Cli", "bin", "Release", "net10.0", "linux-x64", "sam3r.dll");
        if (!File.Exists(dll))
        {
            ProcessRunner.RunChecked("dotnet", "build", Path.Combine(TestPaths.RepositoryRoot, "src", "Sam3.Raster.Cli"), "-c", "Release", "-v", "q", "-clp:ErrorsOnly");
        }

        return dll;
    });

    public static ProcessResult Run(params string[] args) =>
        ProcessRunner.Run("dotnet", [Dll.Value, .. args], TimeSpan.FromMinutes(2));
}
