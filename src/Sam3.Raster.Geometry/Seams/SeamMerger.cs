using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// Joins per-tile features into whole objects, streaming: tiles may arrive in any order, and a
/// feature is emitted as soon as every tile that could still add to it has arrived. Memory grows
/// with the features near seams still open, not with the scene.
/// </summary>
/// <remarks>
/// Rules, per feature of tile T (scene pixel coordinates, so unions are exact):
/// <list type="bullet">
/// <item>inside T's core and not touching an inner edge of T's window: the whole object, final now;</item>
/// <item>its envelope misses T's core: those pixels belong to another tile's core, whose view of them
/// is reported there — dropped (this is what makes an object inside an overlap band come out once);</item>
/// <item>otherwise a candidate: candidates with the same prompt that overlap (see <see cref="SeamJoin"/>)
/// form a group, unioned into one feature once every tile whose window meets the group's envelope
/// (grown by a pixel) has been added. An object across any number of seams is one group.</item>
/// </list>
/// Tiles that produce nothing (skipped, all nodata) must still be added, with no features, or
/// groups near them wait until <see cref="Finish"/>. Not thread-safe: one merger per scene, fed by one actor.
/// </remarks>
public sealed class SeamMerger : IFeatureMerger
{
    private readonly Dictionary<int, SeamTile> tiles;
    private readonly HashSet<int> added = [];
    private readonly List<Group> open = [];
    private readonly PixelWindow scene;
    private readonly SeamJoin join;
    private readonly (int Start, int End)[] colRanges;
    private readonly (int Start, int End)[] rowRanges;
    private readonly Dictionary<(int, int), List<SeamTile>> byCell = [];

    public SeamMerger(IEnumerable<SeamTile> tiles, SeamJoin join = SeamJoin.Overlap)
    {
        this.tiles = tiles.ToDictionary(t => t.Id);
        if (this.tiles.Count == 0)
        {
            throw new ArgumentException("a seam merger needs at least one tile", nameof(tiles));
        }

        this.join = join;
        int c0 = this.tiles.Values.Min(t => t.Window.Col), r0 = this.tiles.Values.Min(t => t.Window.Row);
        int c1 = this.tiles.Values.Max(t => t.Window.Right), r1 = this.tiles.Values.Max(t => t.Window.Bottom);
        scene = new PixelWindow(c0, r0, c1 - c0, r1 - r0);

        // Column/row extents per grid column/row: finding the tiles under an envelope is then a scan
        // of the grid's columns and rows, not of every tile.
        int cols = this.tiles.Values.Max(t => t.GridCol) + 1, rows = this.tiles.Values.Max(t => t.GridRow) + 1;
        colRanges = Enumerable.Range(0, cols).Select(_ => (int.MaxValue, int.MinValue)).ToArray();
        rowRanges = Enumerable.Range(0, rows).Select(_ => (int.MaxValue, int.MinValue)).ToArray();
        foreach (var t in this.tiles.Values)
        {
            colRanges[t.GridCol] = (Math.Min(colRanges[t.GridCol].Start, t.Window.Col), Math.Max(colRanges[t.GridCol].End, t.Window.Right));
            rowRanges[t.GridRow] = (Math.Min(rowRanges[t.GridRow].Start, t.Window.Row), Math.Max(rowRanges[t.GridRow].End, t.Window.Bottom));
            if (!byCell.TryGetValue((t.GridCol, t.GridRow), out var list))
            {
                byCell[(t.GridCol, t.GridRow)] = list = [];
            }

            list.Add(t);
        }
    }

    /// <summary>Candidate pieces held, waiting for neighbours.</summary>
    public int OpenPieces => open.Sum(g => g.Pieces.Count);

    /// <summary>Adds one tile's features (scene pixel coordinates); returns the features that are final now.</summary>
    public IReadOnlyList<SeamFeature> Add(int tileId, IEnumerable<SeamFeature> features)
    {
        if (!tiles.TryGetValue(tileId, out var tile))
        {
            throw new ArgumentException($"tile {tileId} is not in the grid", nameof(tileId));
        }

        if (!added.Add(tileId))
        {
            // At-least-once delivery: a tile seen twice adds nothing the second time.
            return [];
        }

        var done = new List<SeamFeature>();
        var touched = new List<Group>();
        foreach (var f in features)
        {
            var env = f.Geometry.EnvelopeInternal;
            if (f.Geometry.IsEmpty || !OverlapsCore(env, tile.Core))
            {
                continue;
            }

            if (IsWhole(env, tile))
            {
                done.Add(f);
                continue;
            }

            touched.Add(Join(f with { Tile = tileId }));
        }

        // Groups can complete only when a tile under them arrives: check those and the new ones.
        foreach (var g in open.ToList())
        {
            if ((touched.Contains(g) || Grown(g.Envelope).Intersects(ToEnvelope(tile.Window))) && IsComplete(g))
            {
                open.Remove(g);
                done.Add(g.Merge());
            }
        }

        return done;
    }

    /// <summary>Emits every group still open (all tiles added, or the job gives up on the missing ones).</summary>
    public IReadOnlyList<SeamFeature> Finish()
    {
        var done = open.Select(g => g.Merge()).ToList();
        open.Clear();
        return done;
    }

    private static bool OverlapsCore(Envelope env, PixelWindow core) =>
        env.MinX < core.Right && env.MaxX > core.Col && env.MinY < core.Bottom && env.MaxY > core.Row;

    /// <summary>Inside the core and clear of every window edge that has a neighbour behind it.</summary>
    private bool IsWhole(Envelope env, SeamTile tile)
    {
        var c = tile.Core;
        var w = tile.Window;
        if (env.MinX < c.Col || env.MaxX > c.Right || env.MinY < c.Row || env.MaxY > c.Bottom)
        {
            return false;
        }

        return !((env.MinX <= w.Col && w.Col > scene.Col) || (env.MaxX >= w.Right && w.Right < scene.Right)
            || (env.MinY <= w.Row && w.Row > scene.Row) || (env.MaxY >= w.Bottom && w.Bottom < scene.Bottom));
    }

    private Group Join(SeamFeature piece)
    {
        var env = piece.Geometry.EnvelopeInternal;
        var search = Grown(env);
        var target = new Group(piece.Prompt);
        target.Add(piece);
        foreach (var g in open.ToList())
        {
            if (g.Prompt == piece.Prompt && Grown(g.Envelope).Intersects(search) && g.Pieces.Any(p => Joins(p.Geometry, piece.Geometry)))
            {
                open.Remove(g);
                target.Absorb(g);
            }
        }

        open.Add(target);
        return target;
    }

    private bool Joins(NetTopologySuite.Geometries.Geometry a, NetTopologySuite.Geometries.Geometry b)
    {
        if (!a.EnvelopeInternal.Intersects(b.EnvelopeInternal))
        {
            return false;
        }

        var m = a.Relate(b);
        return join switch
        {
            SeamJoin.Overlap => m.Get(Location.Interior, Location.Interior) != Dimension.False,
            SeamJoin.SharedEdge => m.Get(Location.Interior, Location.Interior) != Dimension.False || m.Get(Location.Boundary, Location.Boundary) == Dimension.Curve,
            _ => m.IsIntersects(),
        };
    }

    /// <summary>Whether every tile whose window meets the group (grown by a pixel) has been added.</summary>
    private bool IsComplete(Group g)
    {
        var env = Grown(g.Envelope);
        for (int gc = 0; gc < colRanges.Length; gc++)
        {
            if (colRanges[gc].Start > env.MaxX || colRanges[gc].End < env.MinX)
            {
                continue;
            }

            for (int gr = 0; gr < rowRanges.Length; gr++)
            {
                if (rowRanges[gr].Start > env.MaxY || rowRanges[gr].End < env.MinY || !byCell.TryGetValue((gc, gr), out var cell))
                {
                    continue;
                }

                foreach (var t in cell)
                {
                    if (!added.Contains(t.Id) && ToEnvelope(t.Window).Intersects(env))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static Envelope Grown(Envelope e)
    {
        var g = new Envelope(e);
        g.ExpandBy(1);
        return g;
    }

    private static Envelope ToEnvelope(PixelWindow w) => new(w.Col, w.Right, w.Row, w.Bottom);

    private sealed class Group(string prompt)
    {
        public string Prompt { get; } = prompt;

        public List<SeamFeature> Pieces { get; } = [];

        public Envelope Envelope { get; } = new();

        public void Add(SeamFeature piece)
        {
            Pieces.Add(piece);
            Envelope.ExpandToInclude(piece.Geometry.EnvelopeInternal);
        }

        public void Absorb(Group other)
        {
            foreach (var p in other.Pieces)
            {
                Add(p);
            }
        }

        public SeamFeature Merge()
        {
            var largest = Pieces.MaxBy(p => p.Geometry.Area)!;
            var geometry = Pieces.Count == 1 ? largest.Geometry : UnaryUnionOp.Union(Pieces.Select(p => p.Geometry).ToList());
            return new SeamFeature(geometry, Prompt, Pieces.Max(p => p.Score), largest.Tile, largest.Query);
        }
    }
}
