using Sam3.Raster.Actors.Entities;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Actors.Tests.Entities;

public sealed class NodePaceSpecs
{
    [Fact]
    public void A_nodes_pace_is_its_tiles_between_the_first_and_the_last_it_was_heard_of()
    {
        var pace = new NodePace();
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 5; i++)
        {
            pace.Record("w1", start.AddSeconds(i * 2));
        }

        pace.Record("w2", start);
        var nodes = pace.Describe(new Dictionary<string, int> { ["w1"] = 7, ["w2"] = 1, ["w3"] = 4 });
        Assert.Equal([new NodeTiles("w1", 7, 0.5), new NodeTiles("w2", 1, 0), new NodeTiles("w3", 4, 0)], nodes);
    }
}
