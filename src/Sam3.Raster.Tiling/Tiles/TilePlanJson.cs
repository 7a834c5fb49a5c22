using System.Text.Json;
using Sam3.Raster.Tiling.Geo;
using Sam3.Raster.Tiling.Reading;

namespace Sam3.Raster.Tiling.Tiles;

/// <summary>
/// The plan as JSON (what <c>sam3r tiles</c> prints): {"width","height","bands","crs","geotransform",
/// "tiles":[{"id","col","row","width","height","core":{…},"empty"}]}. "col"/"row" are pixel offsets.
/// "crs" is the PROJJSON object when GDAL/PROJ can export one, else the WKT string, else null
/// (ungeoreferenced); "bands" is the selected 1-based band list.
/// </summary>
public static class TilePlanJson
{
    public static void Write(Utf8JsonWriter writer, RasterDataset dataset, BandSelection bands, TilePlan plan)
    {
        writer.WriteStartObject();
        writer.WriteNumber("width", plan.Width);
        writer.WriteNumber("height", plan.Height);
        writer.WriteStartArray("bands");
        foreach (var b in bands.Selected)
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("crs");
        WriteCrs(writer, dataset);
        writer.WriteStartArray("geotransform");
        foreach (var c in dataset.GeoTransform.ToGdal())
        {
            writer.WriteNumberValue(c);
        }

        writer.WriteEndArray();
        writer.WriteNumber("tile_size", plan.Options.TileSize);
        writer.WriteNumber("overlap", plan.Options.Overlap);
        writer.WriteNumber("empty_tiles", plan.EmptyCount);
        writer.WriteStartArray("tiles");
        foreach (var t in plan.Tiles)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", t.Id);
            WriteWindow(writer, t.Window);
            writer.WriteStartObject("core");
            WriteWindow(writer, t.Core);
            writer.WriteEndObject();
            writer.WriteBoolean("empty", t.IsEmpty);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCrs(Utf8JsonWriter writer, RasterDataset dataset)
    {
        if (dataset.CrsWkt is null)
        {
            writer.WriteNullValue();
            return;
        }

        string? projJson;
        try
        {
            projJson = dataset.CrsProjJson;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            projJson = null; // PROJ could not express it as PROJJSON; the WKT still says what it is
        }

        if (projJson is null)
        {
            writer.WriteStringValue(dataset.CrsWkt);
        }
        else
        {
            writer.WriteRawValue(projJson);
        }
    }

    private static void WriteWindow(Utf8JsonWriter writer, PixelWindow w)
    {
        writer.WriteNumber("col", w.Col);
        writer.WriteNumber("row", w.Row);
        writer.WriteNumber("width", w.Width);
        writer.WriteNumber("height", w.Height);
    }
}
