using Sam3.Raster.Api.Dashboard;

namespace Sam3.Raster.Cli.Tests;

/// <summary>The dashboard's tiles/s per node, from the tile counts sampled once a second.</summary>
public sealed class NodeRatesSpecs
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_rate_is_the_tiles_over_the_window_and_falls_to_zero_once_the_node_stops()
    {
        var rates = new NodeRates();

        Assert.Equal(0, rates.Sample("w1", 0, T0));
        for (int s = 1; s <= 10; s++)
        {
            rates.Sample("w1", 2 * s, T0.AddSeconds(s));
        }

        Assert.Equal(2.0, rates.Sample("w1", 22, T0.AddSeconds(11)), 6);
        Assert.Equal(0.0, rates.Sample("w1", 22, T0.AddSeconds(30)), 6);
        Assert.Equal(0.0, rates.Sample("w2", 5, T0.AddSeconds(30)), 6);
    }

    [Fact]
    public void A_node_whose_count_starts_again_restarted_and_is_not_given_a_negative_rate()
    {
        var rates = new NodeRates();
        rates.Sample("w1", 50, T0);

        Assert.Equal(0.0, rates.Sample("w1", 3, T0.AddSeconds(1)), 6);
        Assert.Equal(2.0, rates.Sample("w1", 5, T0.AddSeconds(2)), 6);
    }
}
