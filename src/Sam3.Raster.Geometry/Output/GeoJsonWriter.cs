using System.Text.Json;
using NetTopologySuite.Geometries;
using Sam3.Raster.Tiling.Crs;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// RFC 7946 GeoJSON, streamed with <see cref="Utf8JsonWriter"/>: one FeatureCollection, coordinates
/// reprojected to WGS 84 longitude/latitude by GDAL/PROJ, 7 decimals (about 1 cm), outer rings
/// counter-clockwise.
/// </summary>
public sealed class GeoJsonWriter : IFeatureWriter
{
    private readonly FeatureSchema schema;
    private readonly AtomicFile file;
    private readonly FileStream stream;
    private readonly Utf8JsonWriter json;
    private readonly SpatialReference source;
    private readonly CoordinateTransformation toWgs84;
    private double[] xs = new double[256];
    private double[] ys = new double[256];

    public GeoJsonWriter(string path, FeatureSchema schema, SceneCrs crs)
    {
        if (!crs.IsGeoreferenced)
        {
            throw new ArgumentException($"GeoJSON needs longitude/latitude, but the features of {path} have no CRS");
        }

        this.schema = schema;
        source = SpatialReference.FromWkt(crs.Wkt!);
        toWgs84 = CoordinateTransformation.ToWgs84(source);
        file = new AtomicFile(path);
        stream = new FileStream(file.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
    }

    public string Path => file.Path;

    public long Count { get; private set; }

    public void Write(OutputFeature feature)
    {
        schema.Validate(feature);
        var g = feature.Geometry;
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("properties");
        for (int i = 0; i < schema.Columns.Count; i++)
        {
            var c = schema.Columns[i];
            switch (feature.Attributes[i])
            {
                case string s:
                    json.WriteString(c.Name, s);
                    break;
                case double d:
                    json.WriteNumber(c.Name, d);
                    break;
                case int n:
                    json.WriteNumber(c.Name, n);
                    break;
                case long l:
                    json.WriteNumber(c.Name, l);
                    break;
            }
        }

        json.WriteEndObject();
        json.WriteStartObject("geometry");
        var lonLat = RingOrientation.CounterClockwise(ToWgs84(g));
        switch (lonLat)
        {
            case Polygon p:
                json.WriteString("type", "Polygon");
                json.WritePropertyName("coordinates");
                WritePolygon(p);
                break;
            case MultiPolygon m:
                json.WriteString("type", "MultiPolygon");
                json.WritePropertyName("coordinates");
                json.WriteStartArray();
                foreach (Polygon p in m.Geometries.Cast<Polygon>())
                {
                    WritePolygon(p);
                }

                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"only polygons are written, got {g.GeometryType}");
        }

        json.WriteEndObject();
        json.WriteEndObject();
        Count++;
        if (json.BytesPending > 1 << 16)
        {
            json.Flush();
        }
    }

    public void Commit()
    {
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        json.Dispose();
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        file.Commit();
    }

    public void Dispose()
    {
        if (stream.CanWrite)
        {
            // Abandoned: drop what is buffered rather than flushing it into a file about to be deleted.
            json.Reset();
            json.Dispose();
        }

        stream.Dispose();
        file.Dispose();
        toWgs84.Dispose();
        source.Dispose();
    }

    private NetTopologySuite.Geometries.Geometry ToWgs84(NetTopologySuite.Geometries.Geometry g)
    {
        var copy = g.Copy();
        copy.Apply(new ReprojectFilter(this));
        copy.GeometryChanged();
        return copy;
    }

    private void WritePolygon(Polygon p)
    {
        json.WriteStartArray();
        WriteRing(p.Shell);
        foreach (var h in p.Holes)
        {
            WriteRing(h);
        }

        json.WriteEndArray();
    }

    private void WriteRing(LinearRing ring)
    {
        var seq = ring.CoordinateSequence;
        json.WriteStartArray();
        for (int i = 0; i < seq.Count; i++)
        {
            json.WriteStartArray();
            json.WriteNumberValue(Math.Round(seq.GetX(i), 7));
            json.WriteNumberValue(Math.Round(seq.GetY(i), 7));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private sealed class ReprojectFilter(GeoJsonWriter owner) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            int n = seq.Count;
            if (owner.xs.Length < n)
            {
                owner.xs = new double[n * 2];
                owner.ys = new double[n * 2];
            }

            var xs = owner.xs.AsSpan(0, n);
            var ys = owner.ys.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                xs[i] = seq.GetX(i);
                ys[i] = seq.GetY(i);
            }

            owner.toWgs84.Transform(xs, ys);
            for (int i = 0; i < n; i++)
            {
                seq.SetX(i, xs[i]);
                seq.SetY(i, ys[i]);
            }
        }
    }
}
