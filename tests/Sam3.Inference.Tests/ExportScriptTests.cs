using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>
/// scripts/export_sam3_onnx.py cannot be run here (no torch, no SAM3 weights): it must at least
/// compile, and parse its options without torch or sam3 installed (every heavy import is lazy),
/// so that a user learns its usage before setting up the export environment.
/// </summary>
public sealed class ExportScriptTests
{
    private static readonly string Script = Path.Combine(TestPaths.RepositoryRoot, "scripts", "export_sam3_onnx.py");

    // Runs the script as __main__ with torch, onnx, onnxruntime and sam3 made unimportable
    // (None in sys.modules raises ImportError), whatever this machine has installed.
    private const string WithoutHeavyModules = """
        import runpy, sys
        for name in ("torch", "torchvision", "onnx", "onnxruntime", "onnxscript", "sam3", "numpy", "PIL"):
            sys.modules[name] = None
        script = sys.argv[1]
        sys.argv = [script] + sys.argv[2:]
        runpy.run_path(script, run_name="__main__")
        """;

    [Fact]
    public void The_export_script_compiles()
    {
        var output = ProcessRunner.RunChecked("/usr/bin/python3", "-c", "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'); print('compiled')", Script);

        Assert.Equal("compiled", output.Trim());
    }

    [Fact]
    public void Help_runs_without_torch_and_names_the_device_and_processor_check_options()
    {
        var help = ProcessRunner.Run("/usr/bin/python3", ["-c", WithoutHeavyModules, Script, "--help"]);

        Assert.True(help.ExitCode == 0, help.StdErr);
        Assert.Contains("--device {auto,cuda,cpu}", help.StdOut, StringComparison.Ordinal);
        Assert.Contains("--image IMAGE", help.StdOut, StringComparison.Ordinal);
        Assert.Contains("--skip-processor-check", help.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_image_for_the_processor_check_it_refuses_before_importing_torch()
    {
        var run = ProcessRunner.Run("/usr/bin/python3", ["-c", WithoutHeavyModules, Script, "--out", "sam3.onnx"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--image and --prompt are needed for the Sam3Processor check", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("ImportError", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_says_what_the_script_has_and_has_not_been_run_with()
    {
        var text = File.ReadAllText(Script);

        Assert.Contains("RUN STATUS", text, StringComparison.Ordinal);
        Assert.Contains("has NOT been run", text, StringComparison.Ordinal);
        Assert.Contains("99d02f28c8d34610ab35559b72642b01f10fdb1e", text, StringComparison.Ordinal);
    }
}
