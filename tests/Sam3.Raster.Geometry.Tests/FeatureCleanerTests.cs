using NetTopologySuite.Geometries;
using Sam3.Raster.Geometry.Geo;
using Sam3.Raster.Geometry.Tests.Support;
using Sam3.Raster.Geometry.Vectorize;

namespace Sam3.Raster.Geometry.Tests;

public sealed class FeatureCleanerTests
{
    [Fact]
    public void By_default_nothing_changes()
    {
        var g = new MaskVectorizer().Vectorize(Masks.NestedRings(21), 21, 21)[0];

        Assert.Same(g, new FeatureCleaner().Clean(g));
    }

    [Fact]
    public void Simplification_cuts_staircase_vertices_keeps_validity_and_area_within_tolerance()
    {
        var mask = Masks.Blobs(200, 200, seed: 11, discs: 3);
        var cleaner = new FeatureCleaner(SimplifyPixels: 1.0);
        foreach (var g in new MaskVectorizer().Vectorize(mask, 200, 200).Where(g => g.Area > 200))
        {
            var s = cleaner.Clean(g)!;
            Assert.True(s.IsValid);
            Assert.True(s.NumPoints < g.NumPoints);
            Assert.InRange(s.Area, g.Area - g.Length, g.Area + g.Length);
        }
    }

    [Fact]
    public void Features_under_the_minimum_area_are_dropped_and_invalid_ones_repaired()
    {
        var f = new GeometryFactory();
        var speck = f.ToGeometry(new Envelope(0, 2, 0, 2));
        var bowtie = new WKTReaderFacade().Bowtie(f);

        Assert.Null(new FeatureCleaner(MinAreaPixels: 5).Clean(speck));
        var fixedTie = new FeatureCleaner().Clean(bowtie)!;
        Assert.True(fixedTie.IsValid);
        Assert.Equal(2.0, fixedTie.Area, 9);
    }

    private sealed class WKTReaderFacade
    {
        public NetTopologySuite.Geometries.Geometry Bowtie(GeometryFactory f) =>
            new NetTopologySuite.IO.WKTReader(f.GeometryServices).Read("POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
    }
}
