using Sam3.Inference.ContractModels;
using Sam3.Inference.Decoding;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>The generated colour model through a real ONNX Runtime CPU session.</summary>
public sealed class ColorModelTests : IClassFixture<ColorModelTests.ModelFixture>
{
    private static readonly (byte, byte, byte) Grey = (110, 110, 110);
    private readonly ModelFixture fixture;

    public ColorModelTests(ModelFixture fixture) => this.fixture = fixture;

    public sealed class ModelFixture : IDisposable
    {
        private readonly TempDirectory dir = new("sam3r-color");

        public ModelFixture()
        {
            ContractModelFactory.WriteColorModel(dir.File("color.onnx"), queries: 4);
            Session = Sam3Session.Open(dir.File("color.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 3, IntraOpThreads: 2));
        }

        public Sam3Session Session { get; }

        public void Dispose()
        {
            Session.Dispose();
            dir.Dispose();
        }
    }

    [Fact]
    public void A_red_patch_is_found_by_the_red_prompt_and_not_by_the_blue_one()
    {
        var rect = Scenes.Rect(200, 300, 500, 421, Scenes.Red);
        Scenes.Fill(fixture.Session.ImageSlot(0), Grey, rect);
        var prompts = PromptSet.Create(["blue", "red"]);

        using var raw = fixture.Session.RunRaw(1, prompts);
        var presence = raw.Presence;
        Assert.True(presence[0] < -5, "row 0 (blue) must be absent");
        Assert.True(presence[1] > 5, "row 1 (red) must be present");

        var detection = Assert.Single(Sam3Session.Decode(raw, prompts.Count, 0.5f));
        Assert.Equal((0, 1, 0), (detection.Image, detection.Prompt, detection.Query));
        Assert.True(detection.Score > 0.99f);
        Assert.Equal(new PixelBox(200, 300, 500, 421), detection.Box, new BoxComparer(0.01f));
        AssertMaskMatches(rect, detection.Mask);
    }

    [Fact]
    public void Images_the_caller_holds_are_read_in_place_with_the_same_detections_as_the_slots()
    {
        var colours = new[] { Scenes.Red, Scenes.Green, Scenes.Blue };
        var rects = Enumerable.Range(0, 3).Select(b => Scenes.Rect(100 + (b * 211), 150 + (b * 97), 400 + (b * 211), 333 + (b * 97), colours[b])).ToArray();
        int n = Sam3.Inference.Contract.ModelContract.ImageLength;
        var held = new float[6 * n];
        for (var b = 0; b < 3; b++)
        {
            Scenes.Fill(fixture.Session.ImageSlot(b), Grey, rects[b]);
            Scenes.Fill(held.AsSpan((2 + b) * n, n), Grey, rects[b]);
        }

        var prompts = PromptSet.Create(["blue", "red", "green"]);
        var fromSlots = fixture.Session.Run(3, prompts, 0.5f);
        List<Detection> inPlace;
        using (var outputs = fixture.Session.RunRaw(held, 2, 3, prompts))
        {
            inPlace = Sam3Session.Decode(outputs, prompts.Count, 0.5f);
        }

        Assert.Equal(3, inPlace.Count);
        Assert.Equal(fromSlots.Select(d => (d.Image, d.Prompt, d.Query, d.Score)), inPlace.Select(d => (d.Image, d.Prompt, d.Query, d.Score)));
        Assert.All(inPlace, d => AssertMaskMatches(rects[d.Image], d.Mask));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Session.RunRaw(held, 4, 3, prompts));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 4)]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    public void Every_image_is_paired_with_every_prompt_in_row_b_times_P_plus_p(int batch, int promptCount)
    {
        // Image b holds one rectangle of colour b (red, green, blue) at a place of its own.
        var colours = new[] { Scenes.Red, Scenes.Green, Scenes.Blue };
        var rects = Enumerable.Range(0, batch).Select(b => Scenes.Rect(100 + (b * 211), 150 + (b * 97), 400 + (b * 211), 333 + (b * 97), colours[b])).ToArray();
        for (var b = 0; b < batch; b++)
        {
            Scenes.Fill(fixture.Session.ImageSlot(b), Grey, rects[b]);
        }

        var words = new[] { "red", "green", "blue", "tree" };
        var prompts = PromptSet.Create(words[..promptCount].Reverse().ToArray());

        var detections = fixture.Session.Run(batch, prompts, 0.5f);

        var expected = new List<(int, int)>();
        for (var b = 0; b < batch; b++)
        {
            for (var p = 0; p < promptCount; p++)
            {
                if (prompts.Texts[p] == words[b])
                {
                    expected.Add((b, p));
                }
            }
        }

        Assert.Equal(expected, detections.Select(d => (d.Image, d.Prompt)).ToList());
        foreach (var d in detections)
        {
            Assert.Equal(0, d.Query);
            AssertMaskMatches(rects[d.Image], d.Mask);
        }
    }

    [Fact]
    public void A_scene_without_the_colour_gives_no_detection()
    {
        Scenes.Fill(fixture.Session.ImageSlot(0), Grey, Scenes.Rect(10, 10, 60, 60, Scenes.Green));
        Assert.Empty(fixture.Session.Run(1, PromptSet.Create(["red", "blue", "a building"]), 0.5f));
    }

    [Fact]
    public void The_heavy_model_follows_the_contract_and_finds_the_same_object()
    {
        using var dir = new TempDirectory("sam3r-heavy");
        ContractModelFactory.WriteHeavyModel(dir.File("heavy.onnx"), queries: 2);
        AssertFindsTheBlueRectangle(dir.File("heavy.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 1, IntraOpThreads: 2));
    }

    [Fact]
    public void A_session_whose_threads_do_not_spin_finds_the_same_object()
    {
        using var dir = new TempDirectory("sam3r-nospin");
        ContractModelFactory.WriteHeavyModel(dir.File("heavy.onnx"), queries: 2);
        AssertFindsTheBlueRectangle(dir.File("heavy.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 1, IntraOpThreads: 2, SpinWhenIdle: false));
    }

    [Fact]
    public void The_coarse_model_finds_the_same_object_to_within_its_sample_step()
    {
        using var dir = new TempDirectory("sam3r-coarse");
        ContractModelFactory.WriteCoarseModel(dir.File("coarse.onnx"), queries: 2);
        AssertFindsTheBlueRectangle(dir.File("coarse.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 2, IntraOpThreads: 1), tolerance: 7);
    }

    [Fact]
    public void Generated_models_pass_the_onnx_checker()
    {
        using var dir = new TempDirectory("sam3r-check");
        ContractModelFactory.WriteColorModel(dir.File("color.onnx"));
        ContractModelFactory.WriteHeavyModel(dir.File("heavy.onnx"));
        ContractModelFactory.WriteCoarseModel(dir.File("coarse.onnx"));
        var script = "import onnx,sys\nfor p in sys.argv[1:]:\n m=onnx.load(p); onnx.checker.check_model(m, full_check=True); print(p, m.opset_import[0].version, [i.name for i in m.graph.input], [o.name for o in m.graph.output])";
        var output = ProcessRunner.RunChecked("/usr/bin/python3", "-c", script, dir.File("color.onnx"), dir.File("heavy.onnx"), dir.File("coarse.onnx"));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Contains("['images', 'token_ids'] ['pred_logits', 'pred_boxes', 'pred_masks', 'presence_logit_dec']", line));
    }

    /// <summary>A blue rectangle (and, with room for a second patch, a green one) under prompts green/red and blue: one detection, the blue prompt's, matching the rectangle.</summary>
    private static void AssertFindsTheBlueRectangle(string modelPath, Sam3SessionOptions options, int tolerance = 2)
    {
        using var session = Sam3Session.Open(modelPath, options);
        var rect = Scenes.Rect(600, 40, 700, 90, Scenes.Blue);
        Scenes.Fill(session.ImageSlot(0), Grey, rect);
        int images = Math.Min(2, options.MaxBatchSize);
        if (images == 2)
        {
            Scenes.Fill(session.ImageSlot(1), Grey, Scenes.Rect(10, 10, 60, 60, Scenes.Green));
        }

        var detection = Assert.Single(session.Run(images, PromptSet.Create(["red", "blue"])));

        Assert.Equal((0, 1), (detection.Image, detection.Prompt));
        AssertMaskMatches(rect, detection.Mask, tolerance);
    }

    /// <summary>Every pixel more than <paramref name="tolerance"/> px from the rectangle's edge agrees with it.</summary>
    private static void AssertMaskMatches(ColouredRectangle rect, DetectionMask? mask, int tolerance = 2)
    {
        Assert.NotNull(mask);
        var wrong = 0;
        for (var row = Math.Max(0, rect.Row0 - 20); row < Math.Min(1008, rect.Row1 + 20); row++)
        {
            for (var col = Math.Max(0, rect.Col0 - 20); col < Math.Min(1008, rect.Col1 + 20); col++)
            {
                if (mask[col, row] != rect.Contains(col, row) && rect.DistanceToEdge(col, row) > tolerance)
                {
                    wrong++;
                }
            }
        }

        Assert.Equal(0, wrong);
        Assert.InRange(mask.Col, rect.Col0 - tolerance, rect.Col0 + tolerance);
        Assert.InRange(mask.Row, rect.Row0 - tolerance, rect.Row0 + tolerance);
        Assert.InRange(mask.Col + mask.Width, rect.Col1 - tolerance, rect.Col1 + tolerance);
        Assert.InRange(mask.Row + mask.Height, rect.Row1 - tolerance, rect.Row1 + tolerance);
    }

    private sealed class BoxComparer(float tolerance) : IEqualityComparer<PixelBox>
    {
        public bool Equals(PixelBox a, PixelBox b) =>
            Math.Abs(a.X0 - b.X0) <= tolerance && Math.Abs(a.Y0 - b.Y0) <= tolerance && Math.Abs(a.X1 - b.X1) <= tolerance && Math.Abs(a.Y1 - b.Y1) <= tolerance;

        public int GetHashCode(PixelBox obj) => 0;
    }
}
