using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Sam3.Raster.Actors.Maps;

/// <summary>Writes NTS geometries as GeoJSON geometry objects (lon/lat, rounded to 7 decimals: about a centimetre).</summary>
public static class GeoJsonGeometry
{
    public static void Write(Utf8JsonWriter w, NetTopologySuite.Geometries.Geometry g)
    {
        w.WriteStartObject();
        switch (g)
        {
            case Polygon p:
                w.WriteString("type", "Polygon");
                w.WritePropertyName("coordinates");
                Rings(w, p);
                break;
            case MultiPolygon mp:
                w.WriteString("type", "MultiPolygon");
                w.WriteStartArray("coordinates");
                for (int i = 0; i < mp.NumGeometries; i++)
                {
                    Rings(w, (Polygon)mp.GetGeometryN(i));
                }

                w.WriteEndArray();
                break;
            case GeometryCollection gc:
                w.WriteString("type", "GeometryCollection");
                w.WriteStartArray("geometries");
                for (int i = 0; i < gc.NumGeometries; i++)
                {
                    Write(w, gc.GetGeometryN(i));
                }

                w.WriteEndArray();
                break;
            case LineString line:
                w.WriteString("type", "LineString");
                w.WritePropertyName("coordinates");
                Positions(w, line.CoordinateSequence);
                break;
            case Point point:
                w.WriteString("type", "Point");
                w.WritePropertyName("coordinates");
                Position(w, point.X, point.Y);
                break;
            default:
                throw new ArgumentException($"no GeoJSON form for {g.GeometryType}", nameof(g));
        }

        w.WriteEndObject();
    }

    private static void Rings(Utf8JsonWriter w, Polygon p)
    {
        w.WriteStartArray();
        Positions(w, p.ExteriorRing.CoordinateSequence);
        foreach (var hole in p.InteriorRings)
        {
            Positions(w, hole.CoordinateSequence);
        }

        w.WriteEndArray();
    }

    private static void Positions(Utf8JsonWriter w, CoordinateSequence seq)
    {
        w.WriteStartArray();
        for (int i = 0; i < seq.Count; i++)
        {
            Position(w, seq.GetX(i), seq.GetY(i));
        }

        w.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter w, double x, double y)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(x, 7));
        w.WriteNumberValue(Math.Round(y, 7));
        w.WriteEndArray();
    }
}
