using NetTopologySuite.Geometries;
using Sam3.Raster.Actors.Hosting;
using Sam3.Raster.Actors.Jobs;
using Sam3.Raster.Tiling.Synthetic;
using Sam3.Raster.Geometry.Seams;
using Sam3.Raster.TestSupport;

namespace Sam3.Raster.Actors.Tests.EndToEnd;

/// <summary>
/// The whole pipeline with the instance model (one query per building, neighbouring masks
/// overlapping by a few pixels) on blocks of touching buildings across seams, in an overlap band,
/// on a seam crossing and on the shifted last column's core split.
/// </summary>
public sealed class InstanceSceneEndToEndTests(InstanceSceneFixture scene) : IClassFixture<InstanceSceneFixture>
{
    private static readonly GeometryFactory Pixels = new();

    [Theory]
    [InlineData(64, 1, false)]
    [InlineData(128, 4, false)]
    [InlineData(256, 1, false)]
    [InlineData(128, 1, true)]
    public async Task Every_touching_building_comes_out_as_exactly_one_feature_with_its_own_outline(int overlap, int batch, bool duplicates)
    {
        using var temp = new TempDirectory("sam3r-e2e-blocks");
        var spec = PipelineRun.Spec(scene.ScenePath, duplicates ? scene.DuplicatesModelPath : scene.ModelPath, temp.Path, ["red"], overlap);
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default with { Batch = batch, MaxInFlightTiles = Math.Max(4, 2 * batch) });

        Assert.Equal(JobStatus.Completed, final.Status);
        var features = PipelineRun.Features(spec.Outputs[0]).Select(f => ToPixels(f.Geometry)).ToList();
        Assert.Equal(scene.Scene.Objects.Count, features.Count);
        foreach (var obj in scene.Scene.Objects)
        {
            var truth = Outline(obj);
            var core = truth.Buffer(-4, Mitre);
            var mine = features.Where(f => f.Contains(truth.InteriorPoint)).ToList();
            Assert.True(mine.Count == 1, $"building at {obj.Bounds} ({obj.Shape}): {mine.Count} features cover it");
            Assert.True(mine[0].IsValid);
            Assert.True(mine[0].Covers(core), $"building at {obj.Bounds}: its feature misses part of it");
            Assert.True(truth.Buffer(6, Mitre).Covers(mine[0]), $"building at {obj.Bounds}: its feature reaches past its outline");
        }
    }

    [Fact]
    public async Task Dissolve_gives_one_feature_per_block_as_before()
    {
        using var temp = new TempDirectory("sam3r-e2e-dissolve");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]) with
        {
            Geometry = new GeometrySettings(MergeMode.Dissolve),
        };
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default);

        Assert.Equal(JobStatus.Completed, final.Status);
        var features = PipelineRun.Features(spec.Outputs[0]).Select(f => ToPixels(f.Geometry)).ToList();
        var blocks = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(scene.Scene.Objects.Select(Outline).ToList());
        Assert.Equal(blocks.NumGeometries, features.Count); // row, column, grid, L pairs, band row, road
        for (int i = 0; i < blocks.NumGeometries; i++)
        {
            var block = blocks.GetGeometryN(i);
            var f = Assert.Single(features, f => f.Intersects(block.Buffer(-4, Mitre)));
            Assert.True(f.Covers(block.Buffer(-4, Mitre)));
        }
    }

    [Fact]
    public async Task Min_area_drops_the_small_buildings_and_simplify_straightens_the_outlines()
    {
        using var temp = new TempDirectory("sam3r-e2e-clean");
        var spec = PipelineRun.Spec(scene.ScenePath, scene.ModelPath, temp.Path, ["red"]) with
        {
            // Pixels are 10 m: 120 000 m² is 1200 px, above the narrow (16 × 40) and the small (25 × 30) buildings with their few pixels of margin.
            Geometry = new GeometrySettings(MergeMode.Instances, SimplifyPixels: 2, MinArea: 120_000),
        };
        var (final, _) = await PipelineRun.RunAsync(spec, temp.File("state.db"), PipelineSettings.Default);

        Assert.Equal(JobStatus.Completed, final.Status);
        var features = PipelineRun.Features(spec.Outputs[0]).Select(f => f.Geometry).ToList();
        var kept = scene.Scene.Objects.Where(o => o.Bounds.Width * o.Bounds.Height > 1000).ToList();
        Assert.Equal(kept.Count, features.Count);
        Assert.All(features, f => Assert.True(f.IsValid && f.Area >= 120_000));
        Assert.All(features, f => Assert.InRange(f.NumPoints, 4, 16)); // exact outlines of the blurred masks have dozens of stair steps
    }

    private static NetTopologySuite.Operation.Buffer.BufferParameters Mitre => new()
    {
        JoinStyle = NetTopologySuite.Operation.Buffer.JoinStyle.Mitre,
        EndCapStyle = NetTopologySuite.Operation.Buffer.EndCapStyle.Flat,
        MitreLimit = 2,
    };

    private static NetTopologySuite.Geometries.Geometry Outline(SceneObject obj)
    {
        var b = obj.Bounds;
        NetTopologySuite.Geometries.Geometry Box(int c0, int r0, int c1, int r1) => Pixels.ToGeometry(new Envelope(c0, c1, r0, r1));
        var box = Box(b.Col, b.Row, b.Right, b.Bottom);
        return obj.Shape == ObjectShape.L ? box.Difference(Box(b.Col + (b.Width / 2), b.Row, b.Right, b.Row + (b.Height / 2))) : box;
    }

    private static NetTopologySuite.Geometries.Geometry ToPixels(NetTopologySuite.Geometries.Geometry world)
    {
        var toPixel = SyntheticScene.Transform.Inverse;
        var copy = Pixels.CreateGeometry(world);
        copy.Apply(new PixelFilter(toPixel));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class PixelFilter(Tiling.Geo.GeoTransform toPixel) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (c, r) = toPixel.ToWorld(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, Math.Round(c));
                seq.SetY(i, Math.Round(r));
            }
        }
    }
}
