namespace Sam3.Raster.Geometry.Vectorize;

/// <summary>
/// A stretch of one boundary ring traced inside one strip: its turning corners in scene pixel
/// coordinates and, for each, whether it is a saddle corner. Chains link into rings through
/// <see cref="NextEdge"/>, the edge that follows the chain's last edge (in this strip or another).
/// </summary>
internal sealed class BoundaryChain(long firstEdge, int firstDir, int piece)
{
    /// <summary>Key of the chain's first directed edge.</summary>
    public long FirstEdge { get; } = firstEdge;

    public int FirstDir { get; } = firstDir;

    /// <summary>Region id of the pixel on the left of the chain: the piece the ring bounds.</summary>
    public int Piece { get; } = piece;

    /// <summary>Corners as x0,y0,x1,y1…; the first corner is where the chain starts, turning or not.</summary>
    public List<int> Xy { get; } = [];

    public List<bool> Saddles { get; } = [];

    public int LastDir { get; private set; }

    /// <summary>Key of the edge after the last one; -1 while it lies in a strip not read yet.</summary>
    public long NextEdge { get; set; } = -1;

    /// <summary>Column of the corner on the strip's bottom edge where the chain waits for the next strip.</summary>
    public int PendingX { get; private set; } = -1;

    public bool Assembled { get; set; }

    public void Add(int x, int y, bool saddle)
    {
        Xy.Add(x);
        Xy.Add(y);
        Saddles.Add(saddle);
    }

    public void End(int lastDir, long nextEdge)
    {
        LastDir = lastDir;
        NextEdge = nextEdge;
    }

    public void Wait(int lastDir, int x)
    {
        LastDir = lastDir;
        PendingX = x;
    }
}
