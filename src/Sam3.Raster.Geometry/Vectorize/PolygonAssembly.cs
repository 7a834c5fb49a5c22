using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// Turns the rings of a component's pieces into one NTS geometry: a Polygon for one piece, a
/// MultiPolygon (parts touching at corners, 8-connectivity) for several. Each piece is built once.
/// </summary>
internal sealed class PolygonAssembly(GeometryFactory factory)
{
    public NetTopologySuite.Geometries.Geometry Build(IReadOnlyList<PieceRings> pieces, int dx, int dy)
    {
        if (pieces.Count == 1)
        {
            return BuildPiece(pieces[0], dx, dy);
        }

        var parts = new List<Polygon>(pieces.Count);
        foreach (var piece in pieces)
        {
            switch (BuildPiece(piece, dx, dy))
            {
                case MultiPolygon m:
                    parts.AddRange(m.Geometries.Cast<Polygon>());
                    break;
                case Polygon p:
                    parts.Add(p);
                    break;
            }
        }

        return factory.CreateMultiPolygon([.. parts]);
    }

    /// <summary>One edge-connected piece: a polygon with holes (several only if a piece ever had two outer rings).</summary>
    private NetTopologySuite.Geometries.Geometry BuildPiece(PieceRings piece, int dx, int dy)
    {
        var shells = new List<int>();
        var holes = new List<int>();
        for (int i = 0; i < piece.Rings.Count; i++)
        {
            (piece.Areas[i] > 0 ? shells : holes).Add(i);
        }

        if (shells.Count == 1)
        {
            return factory.CreatePolygon(Ring(piece.Rings[shells[0]], dx, dy), holes.Select(h => Ring(piece.Rings[h], dx, dy)).ToArray());
        }

        // Defensive: each hole goes to the smallest shell that contains a point strictly inside it.
        shells.Sort((a, b) => piece.Areas[a].CompareTo(piece.Areas[b]));
        var holesOf = shells.ToDictionary(s => s, _ => new List<LinearRing>());
        foreach (int h in holes)
        {
            var (px, py) = PointInside(piece.Rings[h]);
            int owner = shells.FirstOrDefault(s => Contains(piece.Rings[s], px, py), shells[^1]);
            holesOf[owner].Add(Ring(piece.Rings[h], dx, dy));
        }

        var parts = shells.OrderBy(s => s).Select(s => factory.CreatePolygon(Ring(piece.Rings[s], dx, dy), holesOf[s].ToArray())).ToArray();
        return factory.CreateMultiPolygon(parts);
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
        return factory.CreateLinearRing(new PackedDoubleCoordinateSequence(coords, 2, 0));
    }
}
