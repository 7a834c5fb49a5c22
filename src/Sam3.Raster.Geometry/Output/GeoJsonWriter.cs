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
    private readonly FeatureSchema _schema;
    private readonly AtomicFile _file;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly SpatialReference _source;
    private readonly CoordinateTransformation _toWgs84;
    private double[] _xs = new double[256];
    private double[] _ys = new double[256];

    public GeoJsonWriter(string path, FeatureSchema schema, SceneCrs crs)
    {
        if (!crs.IsGeoreferenced)
        {
            throw new ArgumentException($"GeoJSON needs longitude/latitude, but the features of {path} have no CRS");
        }

        _schema = schema;
        _source = SpatialReference.FromWkt(crs.Wkt!);
        _toWgs84 = CoordinateTransformation.ToWgs84(_source);
        _file = new AtomicFile(path);
        _stream = new FileStream(_file.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream);
        _json.WriteStartObject();
        _json.WriteString("type", "FeatureCollection");
        _json.WriteStartArray("features");
    }

    public string Path => _file.Path;

    public long Count { get; private set; }

    public void Write(OutputFeature feature)
    {
        _schema.Validate(feature);
        var g = feature.Geometry;
        _json.WriteStartObject();
        _json.WriteString("type", "Feature");
        _json.WriteStartObject("properties");
        for (int i = 0; i < _schema.Columns.Count; i++)
        {
            var c = _schema.Columns[i];
            switch (feature.Attributes[i])
            {
                case string s:
                    _json.WriteString(c.Name, s);
                    break;
                case double d:
                    _json.WriteNumber(c.Name, d);
                    break;
                case int n:
                    _json.WriteNumber(c.Name, n);
                    break;
                case long l:
                    _json.WriteNumber(c.Name, l);
                    break;
            }
        }

        _json.WriteEndObject();
        _json.WriteStartObject("geometry");
        var lonLat = RingOrientation.CounterClockwise(ToWgs84(g));
        switch (lonLat)
        {
            case Polygon p:
                _json.WriteString("type", "Polygon");
                _json.WritePropertyName("coordinates");
                WritePolygon(p);
                break;
            case MultiPolygon m:
                _json.WriteString("type", "MultiPolygon");
                _json.WritePropertyName("coordinates");
                _json.WriteStartArray();
                foreach (Polygon p in m.Geometries.Cast<Polygon>())
                {
                    WritePolygon(p);
                }

                _json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"only polygons are written, got {g.GeometryType}");
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        Count++;
        if (_json.BytesPending > 1 << 16)
        {
            _json.Flush();
        }
    }

    public void Commit()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        _json.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _file.Commit();
    }

    public void Dispose()
    {
        if (_stream.CanWrite)
        {
            // Abandoned: drop what is buffered rather than flushing it into a file about to be deleted.
            _json.Reset();
            _json.Dispose();
        }

        _stream.Dispose();
        _file.Dispose();
        _toWgs84.Dispose();
        _source.Dispose();
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
        _json.WriteStartArray();
        WriteRing(p.Shell);
        foreach (var h in p.Holes)
        {
            WriteRing(h);
        }

        _json.WriteEndArray();
    }

    private void WriteRing(LinearRing ring)
    {
        var seq = ring.CoordinateSequence;
        _json.WriteStartArray();
        for (int i = 0; i < seq.Count; i++)
        {
            _json.WriteStartArray();
            _json.WriteNumberValue(Math.Round(seq.GetX(i), 7));
            _json.WriteNumberValue(Math.Round(seq.GetY(i), 7));
            _json.WriteEndArray();
        }

        _json.WriteEndArray();
    }

    private sealed class ReprojectFilter(GeoJsonWriter owner) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            int n = seq.Count;
            if (owner._xs.Length < n)
            {
                owner._xs = new double[n * 2];
                owner._ys = new double[n * 2];
            }

            var xs = owner._xs.AsSpan(0, n);
            var ys = owner._ys.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                xs[i] = seq.GetX(i);
                ys[i] = seq.GetY(i);
            }

            owner._toWgs84.Transform(xs, ys);
            for (int i = 0; i < n; i++)
            {
                seq.SetX(i, xs[i]);
                seq.SetY(i, ys[i]);
            }
        }
    }
}
