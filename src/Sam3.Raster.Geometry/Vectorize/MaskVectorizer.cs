using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Turns a mask into exact pixel-edge polygons: one feature per connected component, outer ring plus
/// holes, in integer pixel-corner coordinates shifted by an offset (the tile's position in the scene).
/// Georeferencing is a separate step (<see cref="Georeferencing"/>), done after seams are merged so
/// unions work on exact integers.
/// </summary>
/// <remarks>
/// Linear in the number of pixels: components come from run-length union–find
/// (<see cref="MaskRuns"/>), boundaries from one edge-following pass (<see cref="BoundaryTracer"/>).
/// Each edge-connected piece becomes a Polygon whose holes may touch its shell at single corners.
/// With 8-connectivity, pieces that meet only at corners are one component and one feature: a
/// <see cref="MultiPolygon"/> whose parts touch at those corners. Both are valid under OGC rules
/// (a Polygon's interior stays connected; MultiPolygon parts may touch at points), so every
/// output is <c>IsValid</c>; a single Polygon with a self-touching ring would not be. An instance reuses its buffers: use one per thread.
/// </remarks>
public sealed class MaskVectorizer
{
    private readonly MaskRuns _runs = new();
    private readonly BoundaryTracer _tracer = new();
    private readonly GeometryFactory _factory;
    private readonly List<PieceRings> _pieces = [];
    private int[] _pieceOfRoot = [];
    private int[] _componentOfRoot = [];

    public MaskVectorizer(Connectivity connectivity = Connectivity.Eight, GeometryFactory? factory = null)
    {
        Connectivity = connectivity;
        _factory = factory ?? PixelSpace.Factory;
    }

    public Connectivity Connectivity { get; }

    /// <summary>Polygons of the nonzero pixels of a binary mask (any nonzero value is "in").</summary>
    public IReadOnlyList<NetTopologySuite.Geometries.Geometry> Vectorize(ReadOnlySpan<byte> mask, int width, int height, int offsetCol = 0, int offsetRow = 0)
    {
        var polygons = Run(mask, width, height, offsetCol, offsetRow, byValue: false);
        var result = new NetTopologySuite.Geometries.Geometry[polygons.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = polygons[i].Geometry;
        }

        return result;
    }

    /// <summary>Polygons per distinct nonzero value, like gdal_polygonize: adjacent pixels join only when equal.</summary>
    public IReadOnlyList<VectorPolygon<T>> VectorizeValues<T>(ReadOnlySpan<T> mask, int width, int height, int offsetCol = 0, int offsetRow = 0)
        where T : unmanaged, IEquatable<T> => Run(mask, width, height, offsetCol, offsetRow, byValue: true);

    private List<VectorPolygon<T>> Run<T>(ReadOnlySpan<T> mask, int width, int height, int offsetCol, int offsetRow, bool byValue)
        where T : unmanaged, IEquatable<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (mask.Length < (long)width * height)
        {
            throw new ArgumentException($"the mask holds {mask.Length} pixels, fewer than {width}x{height}", nameof(mask));
        }

        _runs.Build(mask, width, height, Connectivity, byValue);
        if (_pieceOfRoot.Length < _runs.Count)
        {
            _pieceOfRoot = new int[Math.Max(_runs.Count, _pieceOfRoot.Length * 2)];
            _componentOfRoot = new int[_pieceOfRoot.Length];
        }

        Array.Fill(_pieceOfRoot, -1, 0, _runs.Count);
        Array.Fill(_componentOfRoot, -1, 0, _runs.Count);
        _pieces.Clear();
        var components = new List<Component>();

        // Pieces and components numbered in scan order of their first run, with pixel counts.
        int row = 0;
        for (int r = 0; r < _runs.Count; r++)
        {
            while (_runs.RowFirst(row + 1) <= r)
            {
                row++;
            }

            int croot = _runs.Find(r);
            int c = _componentOfRoot[croot];
            if (c < 0)
            {
                c = components.Count;
                _componentOfRoot[croot] = c;
                components.Add(new Component((row * width) + _runs.Start(r)));
            }

            int proot = _runs.FindPiece(r);
            int p = _pieceOfRoot[proot];
            if (p < 0)
            {
                p = _pieces.Count;
                _pieceOfRoot[proot] = p;
                _pieces.Add(new PieceRings());
                components[c].Pieces.Add(p);
            }

            components[c].PixelCount += _runs.End(r) - _runs.Start(r);
        }

        var runs = _runs;
        var pieces = _pieces;
        var pieceOfRoot = _pieceOfRoot;
        _tracer.Trace(mask, width, height, byValue, (xy, lx, ly) =>
            pieces[pieceOfRoot[runs.FindPiece(runs.RunAt(lx, ly))]].Add(xy.ToArray()));

        var result = new List<VectorPolygon<T>>(components.Count);
        foreach (var comp in components)
        {
            NetTopologySuite.Geometries.Geometry geometry = comp.Pieces.Count == 1
                ? BuildPiece(_pieces[comp.Pieces[0]], offsetCol, offsetRow)
                : _factory.CreateMultiPolygon(comp.Pieces.SelectMany(p => BuildPiece(_pieces[p], offsetCol, offsetRow) is MultiPolygon m
                    ? m.Geometries.Cast<Polygon>()
                    : [(Polygon)BuildPiece(_pieces[p], offsetCol, offsetRow)]).ToArray());
            result.Add(new VectorPolygon<T>(geometry, mask[comp.FirstPixel], comp.PixelCount));
        }

        return result;
    }

    /// <summary>One edge-connected piece: a polygon with holes (several only if a piece ever had two outer rings).</summary>
    private NetTopologySuite.Geometries.Geometry BuildPiece(PieceRings comp, int dx, int dy)
    {
        var shells = new List<int>();
        var holes = new List<int>();
        for (int i = 0; i < comp.Rings.Count; i++)
        {
            (comp.Areas[i] > 0 ? shells : holes).Add(i);
        }

        if (shells.Count == 1)
        {
            return _factory.CreatePolygon(Ring(comp.Rings[shells[0]], dx, dy), holes.Select(h => Ring(comp.Rings[h], dx, dy)).ToArray());
        }

        // Defensive: each hole goes to the smallest shell that contains a point strictly inside it.
        shells.Sort((a, b) => comp.Areas[a].CompareTo(comp.Areas[b]));
        var holesOf = shells.ToDictionary(s => s, _ => new List<LinearRing>());
        foreach (int h in holes)
        {
            var (px, py) = PointInside(comp.Rings[h]);
            int owner = shells.FirstOrDefault(s => Contains(comp.Rings[s], px, py), shells[^1]);
            holesOf[owner].Add(Ring(comp.Rings[h], dx, dy));
        }

        var parts = shells.OrderBy(s => s).Select(s => _factory.CreatePolygon(Ring(comp.Rings[s], dx, dy), holesOf[s].ToArray())).ToArray();
        return _factory.CreateMultiPolygon(parts);
    }

    /// <summary>The centre of the pixel on the right of a hole ring's first edge: inside the hole.</summary>
    private static (double X, double Y) PointInside(int[] ring)
    {
        int x = ring[0], y = ring[1];
        int dx = Math.Sign(ring[2] - x), dy = Math.Sign(ring[3] - y);

        // Right-hand pixel of an edge leaving corner (x, y): east → (x, y-1), south → (x, y),
        // west → (x-1, y), north → (x-1, y-1).
        var (px, py) = (dx, dy) switch
        {
            (1, _) => (x, y - 1),
            (_, 1) => (x, y),
            (-1, _) => (x - 1, y),
            _ => (x - 1, y - 1),
        };
        return (px + 0.5, py + 0.5);
    }

    /// <summary>Even–odd test; the point sits on half-pixel centres, never on an integer edge.</summary>
    private static bool Contains(int[] ring, double px, double py)
    {
        bool inside = false;
        int n = ring.Length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double xi = ring[2 * i], yi = ring[(2 * i) + 1], xj = ring[2 * j], yj = ring[(2 * j) + 1];
            if ((yi > py) != (yj > py) && px < ((xj - xi) * (py - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private LinearRing Ring(int[] xy, int dx, int dy)
    {
        int n = xy.Length / 2;
        var coords = new double[(n + 1) * 2];
        for (int i = 0; i < n; i++)
        {
            coords[2 * i] = xy[2 * i] + dx;
            coords[(2 * i) + 1] = xy[(2 * i) + 1] + dy;
        }

        coords[2 * n] = coords[0];
        coords[(2 * n) + 1] = coords[1];
        return _factory.CreateLinearRing(new PackedDoubleCoordinateSequence(coords, 2, 0));
    }

    private sealed class Component(int firstPixel)
    {
        /// <summary>Index in the mask of the component's first pixel in scan order, for its value.</summary>
        public int FirstPixel { get; } = firstPixel;

        public List<int> Pieces { get; } = [];

        public long PixelCount { get; set; }
    }

    private sealed class PieceRings
    {
        public List<int[]> Rings { get; } = [];

        public List<long> Areas { get; } = [];

        public void Add(int[] xy)
        {
            Rings.Add(xy);
            Areas.Add(SignedArea2(xy));
        }

        /// <summary>Twice the signed area: positive for outer rings (object on the left), negative for holes.</summary>
        private static long SignedArea2(int[] xy)
        {
            long sum = 0;
            int n = xy.Length / 2;
            for (int i = 0, j = n - 1; i < n; j = i++)
            {
                sum += ((long)xy[2 * j] * xy[(2 * i) + 1]) - ((long)xy[2 * i] * xy[(2 * j) + 1]);
            }

            return sum;
        }
    }
}
