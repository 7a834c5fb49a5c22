using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Geo;

namespace Sam3.Raster.Geometry.Seams;

/// <summary>
/// One feature per object instance across seams (docs/GEOMETRY.md has the rules and why).
/// </summary>
/// <remarks>
/// Per tile: each connected component of a query's mask is a piece (a semantic model answers
/// several objects with one query); mask NMS (<see cref="MaskNms"/>) drops near-duplicates. Across tiles: two instances of one prompt from
/// tiles whose windows overlap are the same object when their masks restricted to the two windows'
/// shared rectangle have IoU ≥ the match threshold; pairs are taken one-to-one, best agreement
/// first, and matches chain through a union-find, so an object over any number of tiles is one
/// cluster. Each tile is the authority over its core: a cluster's geometry is the union of each
/// piece clipped to its own tile's core (cores partition the scene, so the parts neither overlap
/// nor leave gaps), and a cluster with no pixel in any of its pieces' cores is dropped (its pixels
/// belong to cores whose tiles report them). Distinct instances may overlap (touching objects'
/// masks do, by a few pixels): each keeps its own mask, so the overlap belongs to both.
/// A piece is held, whole, only until every tile whose window meets its envelope has been added
/// (a count per piece, summed per cluster), then only its core part; work per tile is the matching
/// in its shared rectangles, so a chain of n pieces merges in O(n log n) besides the final union.
/// </remarks>
public sealed class InstanceMerger : IFeatureMerger
{
    public const double DefaultMatchIou = 0.5;

    private readonly TileIndex index;
    private readonly double dedupeIou;
    private readonly double matchIou;
    private readonly HashSet<int> added = [];
    private readonly Dictionary<int, HashSet<Piece>> held = [];
    private readonly Dictionary<int, List<Piece>> waiting = [];

    public InstanceMerger(IEnumerable<SeamTile> tiles, double dedupeIou = MaskNms.DefaultIou, double matchIou = DefaultMatchIou)
    {
        if (dedupeIou is <= 0 or > 1 || matchIou is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dedupeIou), "IoU thresholds lie in (0, 1]");
        }

        index = new TileIndex(tiles);
        this.dedupeIou = dedupeIou;
        this.matchIou = matchIou;
    }

    public int OpenPieces => held.Values.Sum(h => h.Count);

    public IReadOnlyList<SeamFeature> Add(int tileId, IEnumerable<SeamFeature> features)
    {
        if (!index.Tiles.TryGetValue(tileId, out var tile))
        {
            throw new ArgumentException($"tile {tileId} is not in the grid", nameof(tileId));
        }

        if (!added.Add(tileId))
        {
            return []; // at-least-once delivery: a tile seen twice adds nothing the second time
        }

        var instances = features.Where(f => !f.Geometry.IsEmpty).Select(f => f with { Tile = tileId });
        var fresh = new List<Piece>();
        foreach (var f in MaskNms.Suppress(instances, dedupeIou))
        {
            var p = new Piece(f, Clip(f.Geometry, tile.Core));
            foreach (var other in index.Overlapping(f.Geometry.EnvelopeInternal))
            {
                if (other.Id != tileId && !added.Contains(other.Id))
                {
                    p.Cluster.Pending++;
                    p.Waits++;
                    (waiting.TryGetValue(other.Id, out var list) ? list : waiting[other.Id] = []).Add(p);
                }
            }

            fresh.Add(p);
        }

        foreach (var neighbour in index.Overlapping(TileIndex.ToEnvelope(tile.Window)))
        {
            if (neighbour.Id != tileId && held.TryGetValue(neighbour.Id, out var theirs))
            {
                Match(fresh, theirs, tile.Window.Intersect(neighbour.Window));
            }
        }

        if (fresh.Count > 0)
        {
            held[tileId] = [.. fresh];
        }

        var check = new List<Piece>(fresh);
        if (waiting.Remove(tileId, out var waited))
        {
            foreach (var p in waited)
            {
                p.Cluster.Find().Pending--;
                p.Waits--;
                check.Add(p);
            }
        }

        var done = new List<SeamFeature>();
        foreach (var p in check)
        {
            var root = p.Cluster.Find();
            if (p.Waits == 0)
            {
                p.Geometry = null; // no tile still to come can match it: only its core part is needed now
            }

            if (root.Pending == 0 && !root.Emitted && Emit(root) is { } feature)
            {
                done.Add(feature);
            }
        }

        return done;
    }

    public IReadOnlyList<SeamFeature> Finish()
    {
        var roots = held.Values.SelectMany(h => h).Select(p => p.Cluster.Find()).Distinct().ToList();
        return [.. roots.Where(r => !r.Emitted).Select(Emit).OfType<SeamFeature>()];
    }

    /// <summary>One-to-one matches, best agreement first, between this tile's new pieces and a neighbour's, inside their shared rectangle.</summary>
    private void Match(List<Piece> mine, HashSet<Piece> theirs, PixelWindow shared)
    {
        var area = TileIndex.ToEnvelope(shared);
        var a = InArea(mine, area);
        var b = InArea(theirs, area);
        var pairs = new List<(double Iou, Piece A, Piece B)>();
        foreach (var (pa, ga) in a)
        {
            foreach (var (pb, gb) in b)
            {
                if (pa.Feature.Prompt != pb.Feature.Prompt || !ga.EnvelopeInternal.Intersects(gb.EnvelopeInternal))
                {
                    continue;
                }

                double inter = PixelOverlay.Intersection(ga, gb).Area;
                double iou = inter / (ga.Area + gb.Area - inter);
                if (iou >= matchIou)
                {
                    pairs.Add((iou, pa, pb));
                }
            }
        }

        var usedA = new HashSet<Piece>();
        var usedB = new HashSet<Piece>();
        var partner = new Dictionary<Piece, Piece>();
        foreach (var (_, pa, pb) in pairs.OrderByDescending(x => x.Iou))
        {
            if (!usedA.Contains(pa) && !usedB.Contains(pb))
            {
                usedA.Add(pa);
                usedB.Add(pb);
                partner[pa] = pb;
                partner[pb] = pa;
                Cluster.Union(pa.Cluster, pb.Cluster);
            }
        }

        JoinSplitViews(a, b, usedA, usedB, partner);
        JoinSplitViews(b, a, usedB, usedA, partner);
    }

    /// <summary>
    /// An object one window cuts into several components (a U across the window's edge) and the
    /// other sees whole: unmatched components of one query lying mostly (≥ half, in the shared area)
    /// inside one piece of the other tile join it when that piece is matched to a sibling (same
    /// query, same tile), or when together they agree with it (IoU ≥ the match threshold).
    /// </summary>
    private void JoinSplitViews(
        List<(Piece Piece, NetTopologySuite.Geometries.Geometry Part)> side,
        List<(Piece Piece, NetTopologySuite.Geometries.Geometry Part)> other,
        HashSet<Piece> usedSide,
        HashSet<Piece> usedOther,
        Dictionary<Piece, Piece> partner)
    {
        var groups = new Dictionary<(Piece Inside, int Query), List<(Piece Piece, NetTopologySuite.Geometries.Geometry Part)>>();
        foreach (var (pa, ga) in side)
        {
            if (usedSide.Contains(pa))
            {
                continue;
            }

            (Piece? Piece, double Inter) best = (null, 0);
            foreach (var (pb, gb) in other)
            {
                if (pb.Feature.Prompt == pa.Feature.Prompt && ga.EnvelopeInternal.Intersects(gb.EnvelopeInternal) && PixelOverlay.Intersection(ga, gb).Area is var inter && inter > best.Inter)
                {
                    best = (pb, inter);
                }
            }

            if (best.Piece is { } inside && best.Inter >= 0.5 * ga.Area)
            {
                var key = (inside, pa.Feature.Query);
                (groups.TryGetValue(key, out var list) ? list : groups[key] = []).Add((pa, ga));
            }
        }

        foreach (var ((inside, query), group) in groups)
        {
            bool siblingMatched = partner.TryGetValue(inside, out var p) && p.Feature.Query == query && p.Feature.Tile == group[0].Piece.Feature.Tile;
            if (!siblingMatched)
            {
                if (usedOther.Contains(inside) || group.Count < 2)
                {
                    continue;
                }

                var together = PixelOverlay.Union([.. group.Select(g => g.Part)]);
                var insidePart = other.First(o => o.Piece == inside).Part;
                double inter = PixelOverlay.Intersection(together, insidePart).Area;
                if (inter / (together.Area + insidePart.Area - inter) < matchIou)
                {
                    continue;
                }

                usedOther.Add(inside);
            }

            foreach (var (piece, _) in group)
            {
                usedSide.Add(piece);
                Cluster.Union(piece.Cluster, inside.Cluster);
            }
        }
    }

    private static List<(Piece Piece, NetTopologySuite.Geometries.Geometry Part)> InArea(IEnumerable<Piece> pieces, Envelope area)
    {
        var parts = new List<(Piece, NetTopologySuite.Geometries.Geometry)>();
        foreach (var p in pieces)
        {
            if (p.Geometry is { } g && Overlaps(g.EnvelopeInternal, area) && Clip(g, area) is { } part)
            {
                parts.Add((p, part));
            }
        }

        return parts;
    }

    private SeamFeature? Emit(Cluster root)
    {
        root.Emitted = true;
        foreach (var m in root.Members)
        {
            if (held.TryGetValue(m.Feature.Tile, out var h) && h.Remove(m) && h.Count == 0)
            {
                held.Remove(m.Feature.Tile);
            }
        }

        var parts = root.Members.Where(m => m.Core is not null).ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        var best = parts.MaxBy(m => m.Core!.Area)!;
        var geometry = parts.Count == 1 ? best.Core! : PixelOverlay.Union([.. parts.Select(m => m.Core!)]);
        return new SeamFeature(geometry, best.Feature.Prompt, root.Members.Max(m => m.Feature.Score), best.Feature.Tile, best.Feature.Query);
    }

    private static bool Overlaps(Envelope e, Envelope area) =>
        e.MinX < area.MaxX && e.MaxX > area.MinX && e.MinY < area.MaxY && e.MaxY > area.MinY;

    /// <summary>The geometry's part inside a pixel rectangle; null when that has no area.</summary>
    private static NetTopologySuite.Geometries.Geometry? Clip(NetTopologySuite.Geometries.Geometry g, PixelWindow window) =>
        Clip(g, TileIndex.ToEnvelope(window));

    private static NetTopologySuite.Geometries.Geometry? Clip(NetTopologySuite.Geometries.Geometry g, Envelope area)
    {
        var e = g.EnvelopeInternal;
        if (area.Contains(e))
        {
            return g;
        }

        if (!Overlaps(e, area))
        {
            return null;
        }

        var part = PixelOverlay.Intersection(g, g.Factory.ToGeometry(area));
        return part.Area > 0 ? part : null;
    }

    private sealed class Piece
    {
        public Piece(SeamFeature feature, NetTopologySuite.Geometries.Geometry? core)
        {
            Feature = feature;
            Geometry = feature.Geometry;
            Core = core;
            Cluster = new Cluster(this);
        }

        public SeamFeature Feature { get; }

        /// <summary>The whole mask in its tile, while a tile still to come may need to match it.</summary>
        public NetTopologySuite.Geometries.Geometry? Geometry { get; set; }

        /// <summary>Its part in its own tile's core: what it contributes to the output.</summary>
        public NetTopologySuite.Geometries.Geometry? Core { get; }

        public Cluster Cluster { get; }

        /// <summary>Tiles still to come whose windows meet its envelope.</summary>
        public int Waits { get; set; }
    }

    /// <summary>Union-find node: the root holds the members and the tiles its members still wait for.</summary>
    private sealed class Cluster
    {
        private Cluster parent;

        public Cluster(Piece first)
        {
            parent = this;
            Members = [first];
        }

        public List<Piece> Members { get; private set; }

        public int Pending { get; set; }

        public bool Emitted { get; set; }

        public Cluster Find()
        {
            var root = this;
            while (root.parent != root)
            {
                root = root.parent;
            }

            for (var c = this; c.parent != root;)
            {
                var next = c.parent;
                c.parent = root;
                c = next;
            }

            return root;
        }

        public static void Union(Cluster a, Cluster b)
        {
            var (ra, rb) = (a.Find(), b.Find());
            if (ra == rb)
            {
                return;
            }

            if (ra.Members.Count < rb.Members.Count)
            {
                (ra, rb) = (rb, ra);
            }

            rb.parent = ra;
            ra.Members.AddRange(rb.Members);
            ra.Pending += rb.Pending;
            rb.Members = [];
            rb.Pending = 0;
        }
    }
}
