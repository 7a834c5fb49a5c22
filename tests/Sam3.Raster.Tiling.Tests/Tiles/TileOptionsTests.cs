using Sam3.Raster.Tiling.Tiles;

namespace Sam3.Raster.Tiling.Tests.Tiles;

public sealed class TileOptionsTests
{
    [Fact]
    public void Defaults_are_the_model_size_and_128_px_overlap()
    {
        Assert.Equal(1008, TileOptions.Default.TileSize);
        Assert.Equal(128, TileOptions.Default.Overlap);
        Assert.Equal(880, TileOptions.Default.Stride);
    }

    [Theory]
    [InlineData(1008, 1008, "overlap (1008 px) must be smaller than the tile size (1008 px)")]
    [InlineData(512, 600, "overlap (600 px) must be smaller than the tile size (512 px)")]
    [InlineData(1008, -1, "overlap must not be negative")]
    [InlineData(0, 0, "tile size must be at least 1")]
    public void Invalid_options_are_refused_with_a_clear_message(int tile, int overlap, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TileOptions(tile, overlap));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("Parameter", ex.Message);
    }
}
