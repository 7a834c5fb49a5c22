using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Decoding;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>
/// Outputs through IO binding into reused memory, against a reference that runs the same model
/// file with a plain <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// (ONNX Runtime allocating every output afresh), at SAM3's 200 queries.
/// </summary>
public sealed class OutputBindingTests : IDisposable
{
    private const int Queries = 200;
    private static readonly (byte, byte, byte) Grey = (110, 110, 110);
    private static readonly ColouredRectangle[] Rects =
    [
        Scenes.Rect(100, 150, 400, 333, Scenes.Red),
        Scenes.Rect(311, 247, 611, 430, Scenes.Blue),
        Scenes.Rect(522, 344, 822, 527, Scenes.Green),
    ];

    private static readonly string[] OutputNames =
        [ModelContract.LogitsOutput, ModelContract.BoxesOutput, ModelContract.MasksOutput, ModelContract.PresenceOutput];

    private readonly TempDirectory dir = new("sam3r-binding");

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("color")]
    [InlineData("heavy")]
    [InlineData("instances")]
    public void Bound_outputs_are_byte_identical_to_a_plain_run_and_decode_to_the_same_detections(string kind)
    {
        var model = WriteModel(kind);
        var prompts = PromptSet.Create(["blue", "red"]);
        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 2, IntraOpThreads: 2));
        var images = FillSlots(session, 2);
        var (reference, detections) = Reference(model, images, 2, prompts);

        using var outputs = session.RunRaw(2, prompts);
        Assert.True(outputs.MasksOnHost);
        Assert.Equal((4, Queries, ContractModelFactory.MaskSize, ContractModelFactory.MaskSize), (outputs.Rows, outputs.Queries, outputs.MaskHeight, outputs.MaskWidth));
        AssertBytesEqual(reference[0], outputs.Logits);
        AssertBytesEqual(reference[1], outputs.Boxes);
        AssertBytesEqual(reference[2], outputs.Masks);
        AssertBytesEqual(reference[3], outputs.Presence);

        var decoded = Sam3Session.Decode(outputs, prompts.Count, 0.5f);
        Assert.Equal(2, decoded.Count); // red in image 0, blue in image 1
        AssertSameDetections(detections, decoded);
    }

    [Theory]
    [InlineData("color")]
    [InlineData("heavy")]
    [InlineData("instances")]
    public void Masks_gathered_by_the_second_graph_decode_to_the_same_detections_as_a_plain_run(string kind)
    {
        var model = WriteModel(kind);
        var prompts = PromptSet.Create(["green", "red", "blue"]);
        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 3, IntraOpThreads: 2, MaskTransfer: MaskTransfer.Gather));
        Assert.True(session.GathersMasks);
        var images = FillSlots(session, 3);
        var (_, detections) = Reference(model, images, 3, prompts);

        using var outputs = session.RunRaw(3, prompts);
        Assert.False(outputs.MasksOnHost);
        Assert.Throws<InvalidOperationException>(() => outputs.Masks.Length);
        var gathered = outputs.Decode(prompts.Count, 0.5f);
        Assert.Equal(3, gathered.Count);
        AssertSameDetections(detections, gathered);
    }

    [Fact]
    public void Repeated_runs_reuse_their_output_memory_and_only_a_larger_shape_grows_it()
    {
        var model = WriteModel("color");
        var two = PromptSet.Create(["blue", "red"]);
        var three = PromptSet.Create(["green", "red", "blue"]);
        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 3, IntraOpThreads: 2));
        var images = FillSlots(session, 3);
        Assert.Equal(0, session.OutputAllocations);

        void RunAndCompare(int batch, PromptSet prompts, int allocationsAfter)
        {
            using var outputs = session.RunRaw(batch, prompts);
            Assert.Equal(allocationsAfter, session.OutputAllocations);
            AssertSameDetections(Reference(model, images, batch, prompts).Detections, outputs.Decode(prompts.Count, 0.5f));
        }

        RunAndCompare(2, two, allocationsAfter: 4); // one buffer per output, for 4 rows
        RunAndCompare(2, two, allocationsAfter: 4); // the same shape: the same memory
        RunAndCompare(1, two, allocationsAfter: 4); // fewer rows: a view over the same memory
        RunAndCompare(3, three, allocationsAfter: 8); // 9 rows: every output grows once
        RunAndCompare(2, two, allocationsAfter: 8);
        RunAndCompare(3, three, allocationsAfter: 8);
    }

    [Fact]
    public void Outputs_read_after_a_later_run_are_refused_rather_than_showing_that_run()
    {
        var model = WriteModel("color");
        var prompts = PromptSet.Create(["red"]);
        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 1, IntraOpThreads: 2));
        FillSlots(session, 1);
        var first = session.RunRaw(1, prompts);
        using (session.RunRaw(1, prompts))
        {
            Assert.Throws<InvalidOperationException>(() => first.Logits.Length);
            Assert.Throws<InvalidOperationException>(() => first.Decode(1, 0.5f));
        }

        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Presence.Length);
    }

    [Fact]
    public void The_gather_graph_picks_the_planes_of_the_flat_indices_in_their_order_on_the_cpu()
    {
        const int R = 2, Q = 3, H = 4, W = 5;
        var masks = Enumerable.Range(0, R * Q * H * W).Select(i => (float)i).ToArray();
        long[] index = [5, 0, 3, 3];
        var kept = new float[index.Length * H * W];
        using var so = new SessionOptions();
        using var gather = new MaskGather(so);
        using var masksValue = OrtValue.CreateTensorValueFromMemory(masks, [R, Q, H, W]);
        using var indexValue = OrtValue.CreateTensorValueFromMemory(index, [index.Length]);
        using var keptValue = OrtValue.CreateTensorValueFromMemory(kept, [index.Length, H * W]);

        gather.Run(masksValue, indexValue, keptValue);

        for (var j = 0; j < index.Length; j++)
        {
            Assert.Equal(masks.AsSpan((int)index[j] * H * W, H * W).ToArray(), kept.AsSpan(j * H * W, H * W).ToArray());
        }
    }

    private string WriteModel(string kind)
    {
        var path = dir.File($"{kind}-{Queries}.onnx");
        switch (kind)
        {
            case "heavy":
                ContractModelFactory.WriteHeavyModel(path, Queries);
                break;
            case "instances":
                ContractModelFactory.WriteInstanceModel(path, Queries);
                break;
            default:
                ContractModelFactory.WriteColorModel(path, Queries);
                break;
        }

        return path;
    }

    /// <summary>Image b: grey with rectangle b; returns a copy of the slots, CHW one after another.</summary>
    private static float[] FillSlots(Sam3Session session, int batch)
    {
        var images = new float[batch * ModelContract.ImageLength];
        for (var b = 0; b < batch; b++)
        {
            Scenes.Fill(session.ImageSlot(b), Grey, Rects[b]);
            session.ImageSlot(b).CopyTo(images.AsSpan(b * ModelContract.ImageLength));
        }

        return images;
    }

    private static ModelInputs Inputs(float[] images, int batch, PromptSet prompts) => new(
    [
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, images.AsMemory(0, batch * ModelContract.ImageLength),
            [batch, ModelContract.Channels, ModelContract.PatchSize, ModelContract.PatchSize]),
        OrtValue.CreateTensorValueFromMemory(prompts.TokenIdArray, [prompts.Count, ModelContract.TokenLength]),
    ]);

    /// <summary>Today's path before IO binding: a plain run, outputs allocated by ONNX Runtime, decoded from them.</summary>
    private static (float[][] Tensors, List<Detection> Detections) Reference(string model, float[] images, int batch, PromptSet prompts)
    {
        using var so = new SessionOptions { IntraOpNumThreads = 2 };
        using var session = new InferenceSession(model, so);
        using var inputs = Inputs(images, batch, prompts);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [ModelContract.ImagesInput, ModelContract.TokenIdsInput], inputs.Values, OutputNames);
        var tensors = outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        return (tensors, Sam3Session.Decode(outputs, prompts.Count, 0.5f));
    }

    private static void AssertBytesEqual(float[] expected, ReadOnlySpan<float> actual) =>
        Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual)), "output bytes differ from the plain run's");

    private static void AssertSameDetections(List<Detection> expected, List<Detection> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.Image, e.Prompt, e.Query, BitConverter.SingleToInt32Bits(e.Score), e.Box), (a.Image, a.Prompt, a.Query, BitConverter.SingleToInt32Bits(a.Score), a.Box));
            Assert.Equal(e.Mask is null, a.Mask is null);
            if (e.Mask is not null)
            {
                Assert.Equal((e.Mask.Col, e.Mask.Row, e.Mask.Width, e.Mask.Height), (a.Mask!.Col, a.Mask.Row, a.Mask.Width, a.Mask.Height));
                Assert.Equal(e.Mask.Pixels, a.Mask.Pixels);
            }
        }
    }

    /// <summary>The images and token ids of a plain run, disposed together.</summary>
    private sealed class ModelInputs(OrtValue[] values) : IDisposable
    {
        public IReadOnlyCollection<OrtValue> Values => values;

        public void Dispose()
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }
}
