namespace Sam3.Inference.Decoding;

/// <summary>
/// A binary object mask cropped to the bounding box of its object pixels, in patch pixel
/// coordinates: <see cref="Pixels"/> is row-major, <see cref="Width"/> × <see cref="Height"/>,
/// 1 = object, 0 = background. Cropping keeps a small object small (a full 1008² mask is 1 MB).
/// </summary>
public sealed record DetectionMask(int Col, int Row, int Width, int Height, byte[] Pixels)
{
    public bool this[int col, int row] =>
        col >= Col && col < Col + Width && row >= Row && row < Row + Height && Pixels[((row - Row) * Width) + (col - Col)] != 0;

    public int Area
    {
        get
        {
            var n = 0;
            foreach (var p in Pixels)
            {
                n += p;
            }

            return n;
        }
    }
}
