using Sam3.Inference.Contract;

namespace Sam3.Inference.Tests;

/// <summary>A coloured axis-aligned rectangle on a patch: columns [Col0, Col1), rows [Row0, Row1).</summary>
internal sealed record ColouredRectangle(int Col0, int Row0, int Col1, int Row1, byte R, byte G, byte B)
{
    public bool Contains(int col, int row) => col >= Col0 && col < Col1 && row >= Row0 && row < Row1;

    /// <summary>Chebyshev distance from pixel (col,row) to the rectangle's boundary line.</summary>
    public int DistanceToEdge(int col, int row)
    {
        var dx = Contains(col, row) ? Math.Min(col - Col0, Col1 - 1 - col) : Math.Max(Math.Max(Col0 - col, col - (Col1 - 1)), 0);
        var dy = Contains(col, row) ? Math.Min(row - Row0, Row1 - 1 - row) : Math.Max(Math.Max(Row0 - row, row - (Row1 - 1)), 0);
        return Contains(col, row) ? Math.Min(dx, dy) : Math.Max(dx, dy);
    }
}

/// <summary>Synthetic patches, normalized exactly as the pipeline does: x = (v/255 − 0.5)/0.5.</summary>
internal static class Scenes
{
    public static readonly (byte R, byte G, byte B) Red = (220, 30, 40);
    public static readonly (byte R, byte G, byte B) Green = (20, 200, 60);
    public static readonly (byte R, byte G, byte B) Blue = (30, 50, 230);

    public static void Fill(Span<float> chw, (byte R, byte G, byte B) background, params ColouredRectangle[] rectangles)
    {
        const int S = ModelContract.PatchSize;
        var plane = S * S;
        for (var row = 0; row < S; row++)
        {
            for (var col = 0; col < S; col++)
            {
                var (r, g, b) = background;
                foreach (var rect in rectangles)
                {
                    if (rect.Contains(col, row))
                    {
                        (r, g, b) = (rect.R, rect.G, rect.B);
                    }
                }

                var i = (row * S) + col;
                chw[i] = Normalize(r);
                chw[plane + i] = Normalize(g);
                chw[(2 * plane) + i] = Normalize(b);
            }
        }
    }

    public static float Normalize(byte v) => ((v / 255f) - 0.5f) / 0.5f;

    public static ColouredRectangle Rect(int col0, int row0, int col1, int row1, (byte R, byte G, byte B) c) => new(col0, row0, col1, row1, c.R, c.G, c.B);
}
