using Sam3.Inference.ContractModels;
using Sam3.Inference.Onnx;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>
/// A model whose weights sit beside the graph (ONNX external data), as SAM3's export must write
/// them (over protobuf's 2 GB limit): written by the builder, read by ONNX Runtime from the graph's
/// folder, accepted by onnx's checker, and named when missing or cut short.
/// </summary>
public sealed class ExternalDataModelTests : IDisposable
{
    private static readonly (byte, byte, byte) Grey = (110, 110, 110);
    private readonly TempDirectory dir = new("sam3r-external");

    public ExternalDataModelTests()
    {
        ContractModelFactory.WriteColorModel(dir.File("inline.onnx"), queries: 3);
        ContractModelFactory.WriteColorModel(dir.File("external.onnx"), queries: 3, externalData: true);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_graph_names_one_weights_file_beside_it_holding_its_larger_initializers()
    {
        var data = Assert.Single(OnnxExternalData.Read(dir.File("external.onnx")));

        Assert.Equal("external.onnx.data", data.Location);
        Assert.Equal(dir.File("external.onnx.data"), data.FullPath);
        Assert.Equal(new FileInfo(data.FullPath).Length, data.RequiredBytes);
        Assert.Empty(OnnxExternalData.Read(dir.File("inline.onnx")));
        // The weights moved out: the graph alone is smaller than the inline model by at least their size minus alignment padding.
        Assert.True(new FileInfo(dir.File("external.onnx")).Length < new FileInfo(dir.File("inline.onnx")).Length);
    }

    [Fact]
    public void An_external_data_model_gives_exactly_the_outputs_of_the_inline_one()
    {
        var options = new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 2, IntraOpThreads: 1);
        using var inline = Sam3Session.Open(dir.File("inline.onnx"), options);
        using var external = Sam3Session.Open(dir.File("external.onnx"), options);
        var prompts = PromptSet.Create(["red", "blue"]);
        foreach (var session in new[] { inline, external })
        {
            Scenes.Fill(session.ImageSlot(0), Grey, Scenes.Rect(200, 300, 500, 421, Scenes.Red));
            Scenes.Fill(session.ImageSlot(1), Grey, Scenes.Rect(10, 10, 90, 60, Scenes.Blue));
        }

        using var a = inline.RunRaw(2, prompts);
        using var b = external.RunRaw(2, prompts);

        Assert.Equal(a.Logits.ToArray(), b.Logits.ToArray());
        Assert.Equal(a.Boxes.ToArray(), b.Boxes.ToArray());
        Assert.Equal(a.Masks.ToArray(), b.Masks.ToArray());
        Assert.Equal(a.Presence.ToArray(), b.Presence.ToArray());

        Assert.Equal(2, Sam3Session.Decode(b, prompts.Count, 0.5f).Count);
    }

    [Fact]
    public void The_onnx_checker_accepts_it_and_loads_the_same_weights_as_the_inline_model()
    {
        const string script = """
            import sys, onnx, numpy as np
            from onnx import numpy_helper, TensorProto
            ext, inl = sys.argv[1], sys.argv[2]
            onnx.checker.check_model(ext)  # the path form: the checker reads the external data beside the graph
            bare = onnx.load(ext, load_external_data=False)
            external = [t for t in bare.graph.initializer if t.data_location == TensorProto.EXTERNAL]
            assert external and all(len(t.raw_data) == 0 for t in external)
            assert all(len(t.raw_data) < 1024 for t in bare.graph.initializer if t.data_location != TensorProto.EXTERNAL)
            a = {t.name: numpy_helper.to_array(t) for t in onnx.load(ext).graph.initializer}
            b = {t.name: numpy_helper.to_array(t) for t in onnx.load(inl).graph.initializer}
            assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
            print("external", len(external), "of", len(a))
            """;
        var output = ProcessRunner.RunChecked("/usr/bin/python3", "-c", script, dir.File("external.onnx"), dir.File("inline.onnx"));

        Assert.Matches(@"^external [1-9]\d* of [1-9]\d*$", output.Trim());
    }

    [Fact]
    public void A_model_whose_weights_file_is_missing_is_refused_naming_that_file()
    {
        File.Delete(dir.File("external.onnx.data"));

        var ex = Assert.Throws<FileNotFoundException>(() => Sam3Session.Open(dir.File("external.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu)));

        Assert.Equal(
            $"model {dir.File("external.onnx")} keeps its weights in external.onnx.data (ONNX external data), which is not beside it: {dir.File("external.onnx.data")} not found",
            ex.Message);
    }

    [Fact]
    public void A_weights_file_cut_short_is_refused_with_both_sizes()
    {
        var full = new FileInfo(dir.File("external.onnx.data")).Length;
        using (var f = new FileStream(dir.File("external.onnx.data"), FileMode.Open))
        {
            f.SetLength(full - 1);
        }

        var ex = Assert.Throws<InvalidDataException>(() => Sam3Session.Open(dir.File("external.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu)));

        Assert.Contains($"is {full - 1} bytes, the graph needs {full}", ex.Message, StringComparison.Ordinal);
    }
}
