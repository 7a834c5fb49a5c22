using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;

namespace Sam3.Raster.Geometry.Output;

/// <summary>
/// Reads back the geometry and prompt of every row of a GeoParquet file this project wrote (the
/// quicklook, tests), in file order. Not a general GeoParquet reader: it expects the WKB
/// <c>geometry</c> and the <c>prompt</c> column of <see cref="GeoParquetWriter"/>.
/// </summary>
public static class GeoParquetFeatures
{
    public static IReadOnlyList<(NetTopologySuite.Geometries.Geometry Geometry, string Prompt)> Read(string parquetPath)
    {
        using var reader = new ParquetFileReader(parquetPath);
        var schema = reader.FileMetaData.Schema;
        int geometryColumn = schema.ColumnIndex("geometry"), promptColumn = schema.ColumnIndex("prompt");
        var wkb = new WKBReader();
        var features = new List<(NetTopologySuite.Geometries.Geometry, string)>();
        for (int g = 0; g < reader.FileMetaData.NumRowGroups; g++)
        {
            using var group = reader.RowGroup(g);
            int rows = checked((int)group.MetaData.NumRows);
            using var geometries = group.Column(geometryColumn).LogicalReader<byte[]>();
            using var prompts = group.Column(promptColumn).LogicalReader<string>();
            features.AddRange(geometries.ReadAll(rows).Zip(prompts.ReadAll(rows), (geometry, prompt) => (wkb.Read(geometry), prompt)));
        }

        return features;
    }
}
