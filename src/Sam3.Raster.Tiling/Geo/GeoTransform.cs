namespace Sam3.Raster.Tiling.Geo;

/// <summary>
/// GDAL's affine geotransform: the pixel corner (col, row) maps to
/// x = <see cref="OriginX"/> + col·<see cref="ColStepX"/> + row·<see cref="RowStepX"/>,
/// y = <see cref="OriginY"/> + col·<see cref="ColStepY"/> + row·<see cref="RowStepY"/>.
/// Coefficients are in GDAL order gt0..gt5, so a north-up raster has ColStepY = RowStepX = 0
/// and a negative RowStepY.
/// </summary>
public readonly record struct GeoTransform(
    double OriginX, double ColStepX, double RowStepX,
    double OriginY, double ColStepY, double RowStepY)
{
    /// <summary>Pixel space itself: x = col, y = row. Used for rasters without georeferencing.</summary>
    public static GeoTransform Identity { get; } = new(0, 1, 0, 0, 0, 1);

    public static GeoTransform FromGdal(ReadOnlySpan<double> gt)
    {
        if (gt.Length != 6)
        {
            throw new ArgumentException($"a geotransform has 6 coefficients, got {gt.Length}", nameof(gt));
        }

        return new GeoTransform(gt[0], gt[1], gt[2], gt[3], gt[4], gt[5]);
    }

    public double[] ToGdal() => [OriginX, ColStepX, RowStepX, OriginY, ColStepY, RowStepY];

    public bool IsNorthUp => RowStepX == 0 && ColStepY == 0;

    public double Determinant => (ColStepX * RowStepY) - (RowStepX * ColStepY);

    /// <summary>Area of one pixel in CRS units², whatever the rotation.</summary>
    public double PixelArea => Math.Abs(Determinant);

    public (double X, double Y) ToWorld(double col, double row) =>
        (OriginX + (col * ColStepX) + (row * RowStepX), OriginY + (col * ColStepY) + (row * RowStepY));

    /// <summary>The transform that maps world coordinates back to (col, row).</summary>
    public GeoTransform Inverse
    {
        get
        {
            double det = Determinant;
            if (det == 0 || double.IsNaN(det))
            {
                throw new InvalidOperationException("the geotransform is singular and cannot be inverted");
            }

            double a = RowStepY / det, b = -RowStepX / det, d = -ColStepY / det, e = ColStepX / det;
            return new GeoTransform(
                -((a * OriginX) + (b * OriginY)), a, b,
                -((d * OriginX) + (e * OriginY)), d, e);
        }
    }
}
