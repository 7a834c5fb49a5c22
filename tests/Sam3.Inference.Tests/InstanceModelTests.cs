using Sam3.Inference.ContractModels;
using Sam3.Inference.Decoding;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>The generated instance model (one query per object, told apart by shade) through a real ONNX Runtime CPU session.</summary>
public sealed class InstanceModelTests
{
    private static readonly (byte, byte, byte) Grey = (110, 110, 110);

    /// <summary>A 2 × 2 block of touching red buildings, shades of queries 0..3, with a lone one (query 5) apart.</summary>
    private static readonly ColouredRectangle[] Block =
    [
        Red(0, 300, 200, 380, 290), Red(1, 380, 200, 470, 290),
        Red(2, 300, 290, 380, 370), Red(3, 380, 290, 470, 370),
        Red(5, 700, 700, 760, 790),
    ];

    [Fact]
    public void Each_touching_object_is_its_own_query_and_neighbouring_masks_overlap_by_a_few_pixels()
    {
        using var dir = new TempDirectory("sam3r-instances");
        ContractModelFactory.WriteInstanceModel(dir.File("instances.onnx"), queries: 8);
        using var session = Sam3Session.Open(dir.File("instances.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 1, IntraOpThreads: 2));
        Scenes.Fill(session.ImageSlot(0), Grey, Block);

        var detections = session.Run(1, PromptSet.Create(["red", "blue"]), 0.5f);

        Assert.Equal([0, 1, 2, 3, 5], detections.Select(d => d.Query).Order());
        Assert.All(detections, d => Assert.Equal(0, d.Prompt));
        foreach (var d in detections)
        {
            var rect = Block.Single(b => b.R == ContractModelFactory.InstanceShade(d.Query));
            AssertMaskFollows(rect, d.Mask!);
        }

        var left = detections.Single(d => d.Query == 0).Mask!;
        var right = detections.Single(d => d.Query == 1).Mask!;
        int overlap = Enumerable.Range(370, 20).Count(col => left[col, 245] && right[col, 245]);
        Assert.InRange(overlap, 2, 8);
    }

    [Fact]
    public void Near_duplicate_queries_repeat_each_object_with_a_lower_score()
    {
        using var dir = new TempDirectory("sam3r-instances-dup");
        ContractModelFactory.WriteInstanceModel(dir.File("dup.onnx"), queries: 13, duplicates: true);
        using var session = Sam3Session.Open(dir.File("dup.onnx"), new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: 1, IntraOpThreads: 2));
        Scenes.Fill(session.ImageSlot(0), Grey, Block);

        var detections = session.Run(1, PromptSet.Create(["red"]), 0.5f);

        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9, 11], detections.Select(d => d.Query).Order());
        foreach (var original in detections.Where(d => d.Query < 6))
        {
            var copy = detections.Single(d => d.Query == original.Query + 6);
            Assert.True(copy.Score < original.Score);
            Assert.True(copy.Mask!.Area < original.Mask!.Area);
            Assert.True(copy.Mask.Area > 0.85 * original.Mask.Area);
        }
    }

    private static ColouredRectangle Red(int query, int col0, int row0, int col1, int row1) =>
        new(col0, row0, col1, row1, ContractModelFactory.InstanceShade(query), 20, 30);

    /// <summary>Every pixel of the rectangle more than 4 px from its edge is in, every pixel more than 4 px outside is out.</summary>
    private static void AssertMaskFollows(ColouredRectangle rect, DetectionMask mask)
    {
        for (var row = rect.Row0 - 20; row < rect.Row1 + 20; row++)
        {
            for (var col = rect.Col0 - 20; col < rect.Col1 + 20; col++)
            {
                if (rect.DistanceToEdge(col, row) > 4)
                {
                    Assert.True(mask[col, row] == rect.Contains(col, row), $"query of shade {rect.R}: pixel ({col},{row}) should be {(rect.Contains(col, row) ? "in" : "out")}");
                }
            }
        }
    }
}
