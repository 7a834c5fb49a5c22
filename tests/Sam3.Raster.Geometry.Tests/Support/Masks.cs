namespace Sam3.Raster.Geometry.Tests.Support;

/// <summary>Synthetic masks that exercise the hard cases of vectorizing.</summary>
internal static class Masks
{
    /// <summary>Random blobs: thresholded sums of random discs, fixed seed; values 1..classes.</summary>
    public static byte[] Blobs(int width, int height, int seed, int discs = 60, int classes = 1)
    {
        var rng = new Random(seed);
        var m = new byte[width * height];
        for (int k = 0; k < discs; k++)
        {
            int cx = rng.Next(width), cy = rng.Next(height), r = rng.Next(2, Math.Max(3, width / 8));
            byte v = (byte)(1 + rng.Next(classes));
            for (int y = Math.Max(0, cy - r); y < Math.Min(height, cy + r + 1); y++)
            {
                for (int x = Math.Max(0, cx - r); x < Math.Min(width, cx + r + 1); x++)
                {
                    // Ragged edges: holes and diagonal-only contacts appear naturally.
                    int dx = x - cx, dy = y - cy;
                    if ((dx * dx) + (dy * dy) <= r * r && rng.NextDouble() < 0.93)
                    {
                        m[(y * width) + x] = v;
                    }
                }
            }
        }

        return m;
    }

    /// <summary>
    /// Large smooth blobs: overlapping discs of a few classes with round holes punched in them, fixed
    /// seed. Outlines are long and cross many rows, holes sit inside blobs, classes abut.
    /// </summary>
    public static byte[] SmoothBlobs(int width, int height, int seed, int discs = 40, int holes = 25, int classes = 2)
    {
        var rng = new Random(seed);
        var m = new byte[width * height];
        for (int k = 0; k < discs + holes; k++)
        {
            bool hole = k >= discs;
            int cx = rng.Next(width), cy = rng.Next(height);
            int r = hole ? rng.Next(3, Math.Max(4, width / 16)) : rng.Next(width / 10, Math.Max(width / 10 + 1, width / 4));
            byte v = hole ? (byte)0 : (byte)(1 + rng.Next(classes));
            for (int y = Math.Max(0, cy - r); y < Math.Min(height, cy + r + 1); y++)
            {
                for (int x = Math.Max(0, cx - r); x < Math.Min(width, cx + r + 1); x++)
                {
                    int dx = x - cx, dy = y - cy;
                    if ((dx * dx) + (dy * dy) <= r * r)
                    {
                        m[(y * width) + x] = v;
                    }
                }
            }
        }

        return m;
    }

    public static byte[] Checkerboard(int width, int height)
    {
        var m = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                m[(y * width) + x] = (byte)((x + y) % 2);
            }
        }

        return m;
    }

    /// <summary>Concentric square rings: nested holes with islands inside them.</summary>
    public static byte[] NestedRings(int size)
    {
        var m = new byte[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int d = Math.Min(Math.Min(x, y), Math.Min(size - 1 - x, size - 1 - y));
                m[(y * size) + x] = (byte)((d / 2) % 2 == 0 ? 1 : 0);
            }
        }

        return m;
    }

    /// <summary>Diagonal-only contacts: staircases, a ring closed by one corner, pixels touching at corners.</summary>
    public static byte[] DiagonalContacts(out int width, out int height)
    {
        string[] rows =
        [
            "1.........1.1...",
            ".1..111...1.1...",
            "..1.1.1....1....",
            "....11......1...",
            "1.1........1.1..",
            ".1..1111.......1",
            "1.1.1..1.111111.",
            "....1...11....1.",
            "....1111.1.11.1.",
            "..........1..11.",
            "111.......1111..",
            "1.1.............",
            "111..1.1.1.1.1.1",
        ];
        return FromRows(rows, out width, out height);
    }

    public static byte[] FromRows(string[] rows, out int width, out int height)
    {
        width = rows[0].Length;
        height = rows.Length;
        var m = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                char c = rows[y][x];
                m[(y * width) + x] = c == '.' ? (byte)0 : (byte)(c - '0');
            }
        }

        return m;
    }

    /// <summary>Every pixel set except a frame of holes: objects touch all four mask edges.</summary>
    public static byte[] TouchingEveryEdge(int width, int height)
    {
        var m = new byte[width * height];
        Array.Fill(m, (byte)1);
        for (int y = 3; y < height - 3; y += 5)
        {
            for (int x = 3; x < width - 3; x += 7)
            {
                m[(y * width) + x] = 0;
                m[(y * width) + x + 1] = 2;
            }
        }

        return m;
    }
}
