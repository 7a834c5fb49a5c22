namespace Sam3.Raster.Tiling.Geo;

/// <summary>
/// A rectangle of pixels: <see cref="Col"/>/<see cref="Row"/> are the offsets of its top-left pixel,
/// <see cref="Width"/>/<see cref="Height"/> its size. Every read, tile, core and mask is expressed
/// with it, so nothing converts offsets ad hoc.
/// </summary>
public readonly record struct PixelWindow(int Col, int Row, int Width, int Height)
{
    /// <summary>One past the last column.</summary>
    public int Right => Col + Width;

    /// <summary>One past the last row.</summary>
    public int Bottom => Row + Height;

    public long Area => (long)Width * Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public bool Contains(int col, int row) => col >= Col && col < Right && row >= Row && row < Bottom;

    public bool Contains(PixelWindow other) =>
        other.Col >= Col && other.Row >= Row && other.Right <= Right && other.Bottom <= Bottom;

    public bool Intersects(PixelWindow other) =>
        other.Col < Right && Col < other.Right && other.Row < Bottom && Row < other.Bottom;

    /// <summary>The overlap of two windows; empty (zero size) when they do not meet.</summary>
    public PixelWindow Intersect(PixelWindow other)
    {
        int c0 = Math.Max(Col, other.Col), r0 = Math.Max(Row, other.Row);
        int c1 = Math.Min(Right, other.Right), r1 = Math.Min(Bottom, other.Bottom);
        return c1 <= c0 || r1 <= r0 ? new PixelWindow(c0, r0, 0, 0) : new PixelWindow(c0, r0, c1 - c0, r1 - r0);
    }

    /// <summary>This window moved by an offset, e.g. from tile-local to scene coordinates.</summary>
    public PixelWindow Offset(int dCol, int dRow) => this with { Col = Col + dCol, Row = Row + dRow };

    public override string ToString() => $"[col {Col}, row {Row}, {Width}x{Height}]";
}
