using Sam3.Raster.TestSupport;
using Sam3.Raster.TestSupport.Http;
using Sam3.Raster.Tiling.Gdal;

namespace Sam3.Raster.Tiling.Tests.Remote;

/// <summary>COGs read over HTTP (/vsicurl/) from a loopback server with range requests read exactly as the same file on disk.</summary>
public sealed class RemoteReadTests : IDisposable
{
    private static readonly int[] AllBands = [1, 2, 3, 4, 5, 6];
    private readonly TempDirectory temp = new("sam3r-remote");
    private readonly RangeFileServer server;
    private readonly string cog;

    public RemoteReadTests()
    {
        // Blocks of 128 px: the Landsat scene is 3 × 3 blocks, so a whole-scene read takes several ranges.
        cog = CogFiles.Write(TestPaths.Landsat, temp.File("l7.tif"), blockSize: 128);
        server = new RangeFileServer(temp.Path);
    }

    public void Dispose()
    {
        server.Dispose();
        temp.Dispose();
    }

    [Fact]
    public void A_COG_over_http_reads_the_pixels_of_the_file_on_disk_through_range_requests_only()
    {
        string remote = "/vsicurl/" + server.Url("l7.tif");

        var expected = ReadAll(cog);
        var actual = ReadAll(remote);

        Assert.Equal(expected, actual);
        var gets = server.Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(gets);
        Assert.All(gets, r => Assert.Matches(@"^GET /l7\.tif bytes=\d+-\d+$", r));
        Assert.True(gets.Count > 2, "the pixel data comes in ranges after the header: " + string.Join("; ", gets));
    }

    [Fact]
    public void Opening_a_remote_COG_lists_no_folder_and_probes_no_sidecar_files()
    {
        using var dataset = RasterDataset.Open("/vsicurl/" + server.Url("l7.tif"));

        Assert.All(server.Requests, r => Assert.StartsWith("GET /l7.tif ", r.Replace("HEAD ", "GET ", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void A_read_whose_connection_is_cut_mid_body_fails_naming_the_scene_and_a_fresh_read_gets_the_exact_pixels()
    {
        string remote = "/vsicurl/" + server.Url("l7.tif");
        var expected = ReadAll(cog);
        using (var dataset = RasterDataset.Open(remote))
        {
            // Three drops in a row: more than GDAL's own re-reads of a dropped range absorb.
            server.Inject(new RangeFault(new FileInfo(cog).Length / 2, AfterBytes: 1000, Times: 3));
            var buffer = new float[expected.Length];

            var ex = Assert.Throws<RasterException>(() => dataset.ReadFloat32(dataset.Extent, AllBands, buffer, dataset.Width, dataset.Width * dataset.Height));

            Assert.StartsWith(remote + ": GDAL failed reading", ex.Message);
            Assert.InRange(server.Drops, 1, 3);
        }

        server.Inject(null);
        GdalRemoteReads.Forget(remote);
        Assert.Equal(expected, ReadAll(remote));
    }

    [Theory]
    [InlineData("/vsicurl/http://example.com/a.tif", true)]
    [InlineData("/vsis3/bucket/a.tif", true)]
    [InlineData("/vsizip//vsicurl/http://example.com/a.zip/a.tif", true)]
    [InlineData("/data/a.tif", false)]
    [InlineData("/vsimem/a.tif", false)]
    public void Network_paths_are_told_from_local_ones(string path, bool remote) => Assert.Equal(remote, GdalRemoteReads.IsRemote(path));

    private static float[] ReadAll(string path)
    {
        using var dataset = RasterDataset.Open(path);
        var pixels = new float[AllBands.Length * dataset.Width * dataset.Height];
        dataset.ReadFloat32(dataset.Extent, AllBands, pixels, dataset.Width, dataset.Width * dataset.Height);
        return pixels;
    }
}
