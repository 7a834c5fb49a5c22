namespace Sam3.Raster.Actors.Hosting;

/// <summary>Node settings given on the command line (--batch, --device, --max-in-flight); null keeps the settings file's value.</summary>
public sealed record SettingsOverrides(int? Batch = null, string? Device = null, int? MaxInFlightTiles = null)
{
    public static SettingsOverrides None { get; } = new();
}
