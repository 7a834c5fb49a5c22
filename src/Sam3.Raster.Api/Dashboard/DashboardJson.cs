using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sam3.Raster.Api.Dashboard;

/// <summary>The dashboard endpoints' JSON: camelCase names, enums as camelCase strings (<c>inFlight</c>, <c>outsideAoi</c>, <c>running</c>).</summary>
public static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
    };
}
