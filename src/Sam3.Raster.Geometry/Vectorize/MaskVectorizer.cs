using NetTopologySuite.Geometries;

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
    private readonly MaskRuns runs = new();
    private readonly BoundaryTracer tracer = new();
    private readonly PolygonAssembly assembly;
    private readonly List<PieceRings> pieces = [];
    private int[] pieceOfRoot = [];
    private int[] componentOfRoot = [];

    public MaskVectorizer(Connectivity connectivity = Connectivity.Eight, GeometryFactory? factory = null)
    {
        Connectivity = connectivity;
        assembly = new PolygonAssembly(factory ?? PixelSpace.Factory);
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

        runs.Build(mask, width, height, Connectivity, byValue);
        if (pieceOfRoot.Length < runs.Count)
        {
            pieceOfRoot = new int[Math.Max(runs.Count, pieceOfRoot.Length * 2)];
            componentOfRoot = new int[pieceOfRoot.Length];
        }

        Array.Fill(pieceOfRoot, -1, 0, runs.Count);
        Array.Fill(componentOfRoot, -1, 0, runs.Count);
        pieces.Clear();
        var components = new List<Component>();

        // Pieces and components numbered in scan order of their first run, with pixel counts.
        int row = 0;
        for (int r = 0; r < runs.Count; r++)
        {
            while (runs.RowFirst(row + 1) <= r)
            {
                row++;
            }

            int croot = runs.Find(r);
            int c = componentOfRoot[croot];
            if (c < 0)
            {
                c = components.Count;
                componentOfRoot[croot] = c;
                components.Add(new Component((row * width) + runs.Start(r)));
            }

            int proot = runs.FindPiece(r);
            int p = pieceOfRoot[proot];
            if (p < 0)
            {
                p = pieces.Count;
                pieceOfRoot[proot] = p;
                pieces.Add(new PieceRings());
                components[c].Pieces.Add(p);
            }

            components[c].PixelCount += runs.End(r) - runs.Start(r);
        }

        tracer.Trace(mask, width, height, byValue, (xy, lx, ly) =>
            pieces[pieceOfRoot[runs.FindPiece(runs.RunAt(lx, ly))]].Add(xy.ToArray()));

        var result = new List<VectorPolygon<T>>(components.Count);
        var pieceRings = new List<PieceRings>();
        foreach (var comp in components)
        {
            pieceRings.Clear();
            foreach (int p in comp.Pieces)
            {
                pieceRings.Add(pieces[p]);
            }

            result.Add(new VectorPolygon<T>(assembly.Build(pieceRings, offsetCol, offsetRow), mask[comp.FirstPixel], comp.PixelCount));
        }

        return result;
    }

    private sealed class Component(int firstPixel)
    {
        /// <summary>Index in the mask of the component's first pixel in scan order, for its value.</summary>
        public int FirstPixel { get; } = firstPixel;

        public List<int> Pieces { get; } = [];

        public long PixelCount { get; set; }
    }
}
