using Sam3.Raster.Tiling.Crs;
using Sam3.Raster.Tiling.Gdal;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Writing;

namespace Sam3.Raster.Tiling.Synthetic;

public enum ObjectShape
{
    Rectangle,
    Disc,

    /// <summary>A disc with a round hole: one polygon with an interior ring.</summary>
    Ring,

    /// <summary>The bounds less their top-right quarter (an L); a rectangle there makes a touching pair.</summary>
    L,
}

/// <summary>
/// One painted object: colour name (red, green, blue: what the colour model finds), shape and
/// pixel bounds (<see cref="Bounds"/>, exclusive right/bottom). A ring's hole has radius <see cref="HoleRadius"/>.
/// With a <see cref="Shade"/>, the colour's band carries exactly that value and the others are low,
/// without texture: the instance model tells objects apart by it (one query per shade).
/// </summary>
public sealed record SceneObject(string Color, ObjectShape Shape, PixelWindow Bounds, int HoleRadius = 0, byte? Shade = null)
{
    public bool Covers(int col, int row)
    {
        if (!Bounds.Contains(col, row))
        {
            return false;
        }

        if (Shape == ObjectShape.Rectangle)
        {
            return true;
        }

        if (Shape == ObjectShape.L)
        {
            return col < Bounds.Col + (Bounds.Width / 2) || row >= Bounds.Row + (Bounds.Height / 2);
        }

        // Pixel centres against circles centred in the bounds.
        double cx = Bounds.Col + (Bounds.Width / 2.0), cy = Bounds.Row + (Bounds.Height / 2.0);
        double dx = col + 0.5 - cx, dy = row + 0.5 - cy, r = Bounds.Width / 2.0;
        double d2 = (dx * dx) + (dy * dy);
        return d2 <= r * r && (Shape != ObjectShape.Ring || d2 > (double)HoleRadius * HoleRadius);
    }
}

/// <summary>
/// A georeferenced 3-band Byte GeoTIFF of an earthy, textured background with coloured objects and
/// a nodata corner, plus the truth (where every object is). Deterministic. Written in strips, so
/// large scenes need little memory.
/// </summary>
public sealed record SyntheticScene(int Width, int Height, IReadOnlyList<SceneObject> Objects, PixelWindow? NoData)
{
    public const int Epsg = 32633;

    public static GeoTransform Transform { get; } = new(500000, 10, 0, 7000000, 0, -10);

    private static readonly Dictionary<string, (byte R, byte G, byte B)> Colors = new()
    {
        ["red"] = (214, 48, 42),
        ["green"] = (58, 204, 66),
        ["blue"] = (38, 72, 218),
    };

    /// <summary>
    /// The test and demo scene (3000 × 3000 by default, 4 × 4 tiles of 1008 px at overlaps 64–256):
    /// red objects across one, two and three seams, a red ring with a hole on a seam, red objects on
    /// all four scene edges, small and large ones; blue and green objects; a nodata bottom-right
    /// corner that covers a whole tile.
    /// </summary>
    public static SyntheticScene Standard() => new(3000, 3000,
        [
            // Across three vertical seams (for overlaps 64, 128 and 256 alike).
            new("red", ObjectShape.Rectangle, new PixelWindow(500, 300, 2100, 60)),
            // Across a vertical and a horizontal seam, at a corner where four tiles meet.
            new("red", ObjectShape.Rectangle, new PixelWindow(860, 860, 180, 180)),
            // Across one seam.
            new("red", ObjectShape.Disc, new PixelWindow(850, 1420, 160, 160)),
            // A ring (hole) across one seam.
            new("red", ObjectShape.Ring, new PixelWindow(820, 2190, 220, 220), HoleRadius: 45),
            // On the scene edges: left, top, right, bottom.
            new("red", ObjectShape.Rectangle, new PixelWindow(0, 1700, 40, 60)),
            new("red", ObjectShape.Rectangle, new PixelWindow(1500, 0, 60, 30)),
            new("red", ObjectShape.Rectangle, new PixelWindow(2960, 1000, 40, 80)),
            new("red", ObjectShape.Rectangle, new PixelWindow(600, 2960, 80, 40)),
            // Small and medium, inside tiles.
            new("red", ObjectShape.Rectangle, new PixelWindow(300, 1200, 12, 12)),
            new("red", ObjectShape.Disc, new PixelWindow(1270, 1270, 60, 60)),
            new("red", ObjectShape.Rectangle, new PixelWindow(1400, 2500, 16, 16)),
            // Blue: one across a seam, one inside, one on an edge.
            new("blue", ObjectShape.Disc, new PixelWindow(1840, 700, 120, 120)),
            new("blue", ObjectShape.Rectangle, new PixelWindow(300, 600, 90, 40)),
            new("blue", ObjectShape.Rectangle, new PixelWindow(2950, 400, 50, 50)),
            // Green.
            new("green", ObjectShape.Disc, new PixelWindow(1500, 1700, 80, 80)),
        ],
        NoData: new PixelWindow(1950, 1950, 1050, 1050));

    /// <summary>
    /// Blocks of touching buildings for the instance model (each its own shade of red, 255 down, all
    /// ≥ 160 so the colour model sees each block as one red area), on a 1900 × 1900 scene: tiles
    /// of 1008 px with overlaps 64–256 put seams, core splits and the shifted last column's wide
    /// overlap between 750 and 1400 px. A row across the vertical seams, a column across the
    /// horizontal ones, a 4 × 4 grid on the seam crossing, L-shaped pairs on the last column's core
    /// split, a row of narrow buildings inside the overlap band, and a road across the scene.
    /// </summary>
    public static SyntheticScene Blocks()
    {
        var objects = new List<SceneObject>();
        void Add(ObjectShape shape, int col, int row, int width, int height) =>
            objects.Add(new SceneObject("red", shape, new PixelWindow(col, row, width, height), Shade: (byte)(255 - objects.Count)));
        for (int i = 0; i < 8; i++)
        {
            Add(ObjectShape.Rectangle, 820 + (i * 30), 200, 30, 50); // row across the vertical seams
            Add(ObjectShape.Rectangle, 300, 820 + (i * 30), 50, 30); // column across the horizontal seams
        }

        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Add(ObjectShape.Rectangle, 860 + (c * 40), 860 + (r * 40), 40, 40); // grid on the seam crossing
            }
        }

        for (int i = 0; i < 3; i++)
        {
            Add(ObjectShape.L, 1290 + (i * 50), 500, 50, 60); // L-shaped pairs across the last column's core split
            Add(ObjectShape.Rectangle, 1315 + (i * 50), 500, 25, 30);
        }

        for (int i = 0; i < 6; i++)
        {
            Add(ObjectShape.Rectangle, 900 + (i * 16), 1500, 16, 40); // narrow buildings inside the overlap band
        }

        Add(ObjectShape.Rectangle, 0, 1700, 1900, 24); // a road across every tile column
        return new SyntheticScene(1900, 1900, objects, NoData: null);
    }

    /// <summary>The standard scene scaled to <paramref name="size"/> × <paramref name="size"/> (objects and nodata scale along).</summary>
    public static SyntheticScene Scaled(int size)
    {
        var standard = Standard();
        double f = size / (double)standard.Width;
        PixelWindow Scale(PixelWindow w)
        {
            int c0 = (int)Math.Round(w.Col * f), r0 = (int)Math.Round(w.Row * f);
            int c1 = Math.Min(size, Math.Max(c0 + 4, (int)Math.Round(w.Right * f))), r1 = Math.Min(size, Math.Max(r0 + 4, (int)Math.Round(w.Bottom * f)));
            return new PixelWindow(c0, r0, c1 - c0, r1 - r0);
        }

        return new SyntheticScene(
            size,
            size,
            [.. standard.Objects.Select(o => o with { Bounds = Scale(o.Bounds), HoleRadius = (int)Math.Round(o.HoleRadius * f) })],
            standard.NoData is { } nd ? Scale(nd) : null);
    }

    public IEnumerable<SceneObject> ObjectsOf(string color) => Objects.Where(o => o.Color == color);

    /// <summary>Writes the scene as a tiled GeoTIFF (nodata = 0 when it has a nodata region) and returns the path.</summary>
    public string Write(string path)
    {
        using var crs = SpatialReference.FromEpsg(Epsg);
        using (var writer = GeoTiffWriter.Create(path, Width, Height, 3, GdalDataType.Byte, Transform, crs))
        {
            ColorInterpretation[] colours = [ColorInterpretation.Red, ColorInterpretation.Green, ColorInterpretation.Blue];
            for (int b = 1; b <= 3; b++)
            {
                if (NoData is not null)
                {
                    writer.SetNoData(b, 0);
                }

                writer.SetColorInterpretation(b, colours[b - 1]);
            }

            const int stripRows = 256;
            var buffer = new byte[3][];
            for (int b = 0; b < 3; b++)
            {
                buffer[b] = new byte[Width * stripRows];
            }

            for (int row0 = 0; row0 < Height; row0 += stripRows)
            {
                int rows = Math.Min(stripRows, Height - row0);
                FillStrip(row0, rows, buffer);
                for (int b = 0; b < 3; b++)
                {
                    writer.WriteRows(b + 1, row0, rows, buffer[b]);
                }
            }
        }

        return path;
    }

    private void FillStrip(int row0, int rows, byte[][] bands)
    {
        var stripWindow = new PixelWindow(0, row0, Width, rows);
        var objects = Objects.Where(o => o.Bounds.Intersects(stripWindow)).ToArray();
        for (int r = 0; r < rows; r++)
        {
            int row = row0 + r;
            for (int col = 0; col < Width; col++)
            {
                int i = (r * Width) + col;
                if (NoData is { } nd && nd.Contains(col, row))
                {
                    bands[0][i] = bands[1][i] = bands[2][i] = 0;
                    continue;
                }

                int n = Noise(col, row);
                var obj = Array.Find(objects, o => o.Covers(col, row));
                if (obj?.Shade is { } shade)
                {
                    (bands[0][i], bands[1][i], bands[2][i]) = obj.Color switch
                    {
                        "green" => ((byte)30, shade, (byte)40),
                        "blue" => ((byte)30, (byte)40, shade),
                        _ => (shade, (byte)30, (byte)40),
                    };
                    continue;
                }

                if (obj is not null)
                {
                    var (cr, cg, cb) = Colors[obj.Color];
                    bands[0][i] = (byte)(cr + (n / 2));
                    bands[1][i] = (byte)(cg + (n / 2));
                    bands[2][i] = (byte)(cb + (n / 2));
                    continue;
                }

                // Earthy background: slow fields and fine texture, always 77..143 (never a "colour").
                double field = 25 * Math.Sin(col / 97.0) * Math.Cos(row / 131.0);
                bands[0][i] = (byte)(112 + field + n);
                bands[1][i] = (byte)(108 + (0.8 * field) + n);
                bands[2][i] = (byte)(96 - (0.6 * field) + n);
            }
        }
    }

    /// <summary>Deterministic texture in [−8, 8].</summary>
    private static int Noise(int col, int row)
    {
        uint h = (uint)((col * 73856093) ^ (row * 19349663));
        h ^= h >> 13;
        h *= 0x5bd1e995;
        h ^= h >> 15;
        return (int)(h % 17) - 8;
    }
}
