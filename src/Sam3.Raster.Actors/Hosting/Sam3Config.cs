using Akka.Configuration;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>Finds and reads the HOCON settings file: SAM3R_CONFIG, else config/sam3r.conf next to the binary.</summary>
public static class Sam3Config
{
    public const string EnvironmentVariable = "SAM3R_CONFIG";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "config", "sam3r.conf");

    /// <summary>The settings; an empty config (all defaults) when no file exists.</summary>
    public static Config Load(string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
        {
            throw new FileNotFoundException($"settings file not found: {path}");
        }

        path ??= DefaultPath;
        return File.Exists(path) ? ConfigurationFactory.ParseString(File.ReadAllText(path)) : Config.Empty;
    }
}
