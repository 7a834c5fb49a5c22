using System.Text.Json;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Onnx;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Cli.Tests;

/// <summary>The model and tokenizer commands of the built <c>sam3r</c>.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly TempDirectory dir = new("sam3r-cli");

    public void Dispose() => dir.Dispose();

    private static ProcessResult Sam3r(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sam3r.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        return ProcessRunner.Run("dotnet", [dll, .. args], TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Tokenize_prints_one_json_line_per_text()
    {
        var result = Sam3r("tokenize", "--", "building", "--red");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("building", first.RootElement.GetProperty("text").GetString());
        var ids = first.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal([49406, 2307, 49407, .. new long[29]], ids);
        Assert.Contains("\"text\":\"--red\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Make_test_then_inspect_reports_a_matching_contract()
    {
        var path = dir.File("color.onnx");
        Assert.Equal(0, Sam3r("model", "make-test", "--kind", "color", "--out", path, "--queries", "3").ExitCode);

        var inspect = Sam3r("model", "inspect", path);

        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains("input  token_ids: int64 [P,32]", inspect.StdOut, StringComparison.Ordinal);
        Assert.Contains("output pred_masks: float32 [BP,3,288,288]", inspect.StdOut, StringComparison.Ordinal);
        Assert.Contains("contract: OK", inspect.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Make_test_with_external_data_writes_the_weights_beside_the_graph_and_inspect_names_them()
    {
        var path = dir.File("color.onnx");
        var make = Sam3r("model", "make-test", "--kind", "color", "--out", path, "--queries", "3", "--external-data");
        Assert.Equal(0, make.ExitCode);
        Assert.Contains($"(weights in {path}.data)", make.StdOut, StringComparison.Ordinal);

        var inspect = Sam3r("model", "inspect", path);

        Assert.Equal(0, inspect.ExitCode);
        Assert.Contains($"  weights color.onnx.data: external data beside the graph, {new FileInfo(path + ".data").Length} bytes used", inspect.StdOut, StringComparison.Ordinal);
        Assert.Contains("contract: OK", inspect.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Make_test_writes_an_instance_model_that_meets_the_contract()
    {
        var path = dir.File("instances.onnx");
        Assert.Equal(0, Sam3r("model", "make-test", "--kind", "instances", "--out", path, "--queries", "6", "--duplicates").ExitCode);

        var inspect = Sam3r("model", "inspect", path);

        Assert.Contains("output pred_masks: float32 [BP,6,288,288]", inspect.StdOut, StringComparison.Ordinal);
        Assert.Contains("contract: OK", inspect.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, Sam3r("model", "make-test", "--kind", "color", "--out", path, "--duplicates").ExitCode);
    }

    [Fact]
    public void Inspect_lists_the_differences_of_a_model_that_does_not_match()
    {
        var path = dir.File("wrong.onnx");
        new ContractVariant(TokenType: OnnxDataType.Int32, TokenLength: 77).Write(path);

        var inspect = Sam3r("model", "inspect", path);

        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("- input token_ids: expected int64 [P,32], found int32 [P,77]", inspect.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_a_missing_file_is_one_line_and_exit_code_2()
    {
        var inspect = Sam3r("model", "inspect", dir.File("missing.onnx"));

        Assert.Equal(2, inspect.ExitCode);
        Assert.Equal($"sam3r: error: model file not found: {dir.File("missing.onnx")}", inspect.StdErr.Trim());
    }
}
