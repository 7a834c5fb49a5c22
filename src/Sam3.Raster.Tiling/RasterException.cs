namespace Sam3.Raster.Tiling;

/// <summary>A raster that cannot be used as asked: the message names the input and what is wrong.</summary>
public sealed class RasterException : Exception
{
    public RasterException(string message) : base(message) { }

    public RasterException(string message, Exception inner) : base(message, inner) { }

    public RasterException() { }
}
