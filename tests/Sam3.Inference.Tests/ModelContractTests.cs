using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Onnx;
using Sam3.Inference.Session;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

public sealed class ModelContractTests : IDisposable
{
    private readonly TempDirectory dir = new("sam3r-contract");

    public void Dispose() => dir.Dispose();

    private IReadOnlyList<string> DifferencesOf(ContractVariant variant)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".onnx");
        variant.Write(path);
        return ModelContract.Differences(ModelSignature.ReadFile(path));
    }

    [Fact]
    public void A_model_with_the_contract_signature_is_accepted() =>
        Assert.Empty(DifferencesOf(new ContractVariant()));

    [Fact]
    public void The_generated_colour_model_matches_the_contract()
    {
        ContractModelFactory.WriteColorModel(dir.File("color.onnx"));
        Assert.Empty(ModelContract.Differences(ModelSignature.ReadFile(dir.File("color.onnx"))));
    }

    [Fact]
    public void A_renamed_input_is_refused_by_name() =>
        Assert.Equal(
            ["input images: missing (expected float32 [B,3,1008,1008])", "unexpected input image: float32 [B,3,1008,1008]"],
            DifferencesOf(new ContractVariant(ImagesName: "image")));

    [Fact]
    public void Wrong_token_dtype_and_length_are_refused_with_both_shapes() =>
        Assert.Equal(
            ["input token_ids: expected int64 [P,32], found int32 [P,77]"],
            DifferencesOf(new ContractVariant(TokenType: OnnxDataType.Int32, TokenLength: 77)));

    [Fact]
    public void A_fixed_batch_size_is_refused() =>
        Assert.Equal(
            ["input images: expected float32 [B,3,1008,1008], found float32 [2,3,1008,1008]"],
            DifferencesOf(new ContractVariant(BatchDim: 2)));

    [Fact]
    public void A_missing_output_is_refused() =>
        Assert.Equal(
            ["output pred_masks: missing (expected float32 [B·P,Q,Hm,Wm])"],
            DifferencesOf(new ContractVariant(MasksName: "masks")));

    [Fact]
    public void Opening_a_session_on_a_wrong_model_lists_every_difference_and_names_the_file()
    {
        var path = dir.File("wrong.onnx");
        new ContractVariant(BatchDim: 1, TokenType: OnnxDataType.Int32).Write(path);

        var ex = Assert.Throws<ModelContractException>(() => Sam3Session.Open(path, new Sam3SessionOptions(ExecutionDevice.Cpu)));

        Assert.Equal(2, ex.Differences.Count);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("found int32 [P,32]", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(ex);
    }

    [Fact]
    public void A_missing_model_file_is_reported_by_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Sam3Session.Open(dir.File("nope.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu)));
        Assert.Equal($"model file not found: {dir.File("nope.onnx")}", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused_as_invalid_data()
    {
        File.WriteAllText(dir.File("text.onnx"), "not a model");
        var ex = Assert.Throws<InvalidDataException>(() => ModelSignature.ReadFile(dir.File("text.onnx")));
        Assert.Contains("text.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData("cpu", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("CUDA:3", DeviceKind.Cuda, 3)]
    public void Device_strings_parse(string text, DeviceKind kind, int id) =>
        Assert.Equal(new ExecutionDevice(kind, id), ExecutionDevice.Parse(text));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    public void Unknown_device_strings_are_user_errors(string text) =>
        Assert.Contains(text, Assert.Throws<ArgumentException>(() => ExecutionDevice.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Auto_device_runs_on_whatever_is_available_and_says_which()
    {
        ContractModelFactory.WriteColorModel(dir.File("color.onnx"), queries: 1);
        using var session = Sam3Session.Open(dir.File("color.onnx"), new Sam3SessionOptions(ExecutionDevice.Auto, MaxBatchSize: 1));
        Assert.Matches(@"^(CUDA device 0|CPU \(CUDA provider unavailable: .+\))$", session.DeviceDescription);
    }

    [Fact]
    public void Explicit_cuda_either_runs_on_cuda_or_fails_with_the_providers_reason()
    {
        ContractModelFactory.WriteColorModel(dir.File("color.onnx"), queries: 1);
        try
        {
            using var session = Sam3Session.Open(dir.File("color.onnx"), new Sam3SessionOptions(ExecutionDevice.Parse("cuda:0"), MaxBatchSize: 1));
            Assert.Equal("CUDA device 0", session.DeviceDescription);
        }
        catch (DeviceUnavailableException ex)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(ex.Message);
            Assert.StartsWith("device cuda:0: the CUDA execution provider cannot be used: ", ex.Message, StringComparison.Ordinal);
            Assert.True(ex.Message.Length > "device cuda:0: the CUDA execution provider cannot be used: ".Length + 10, ex.Message);
            Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);
        }
    }
}
