using Sam3.Inference.Contract;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.Actors.Jobs;

namespace Sam3.Raster.Cli.Run;

/// <summary>
/// Everything that can be checked before any work starts. Each problem is one line naming the
/// offending path or value (an <see cref="ArgumentException"/> or <see cref="IOException"/>, which
/// <see cref="CliErrors"/> turns into exit code 2).
/// </summary>
internal static class RunPreflight
{
    public const string ModelEnvironmentVariable = "SAM3R_MODEL";

    public static readonly string[] OutputExtensions = [".parquet", ".geojson"];

    public static string NoModelMessage =>
        $"no model: pass --model PATH or set {ModelEnvironmentVariable}. " +
        "For a test model run `sam3r model make-test --kind color --out model.onnx`; " +
        "to convert SAM3 itself use scripts/export_sam3_onnx.py";

    /// <summary>The model path from --model or SAM3R_MODEL, checked to exist.</summary>
    public static string ResolveModel(string? model)
    {
        model = string.IsNullOrWhiteSpace(model) ? Environment.GetEnvironmentVariable(ModelEnvironmentVariable) : model;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException(NoModelMessage);
        }

        if (!File.Exists(model))
        {
            throw new FileNotFoundException($"model not found: {model} (make one with `sam3r model make-test --kind color --out {model}`)");
        }

        return Path.GetFullPath(model);
    }

    /// <summary>Local inputs must exist; GDAL virtual paths (/vsicurl/, /vsis3/, …) are left to GDAL.</summary>
    public static string ResolveInput(string input)
    {
        if (IsGdalVirtualPath(input))
        {
            return input;
        }

        if (Directory.Exists(input))
        {
            throw new ArgumentException($"input is a folder, not a raster: {input}");
        }

        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"input not found: {input}");
        }

        return Path.GetFullPath(input);
    }

    /// <summary>Opens the scene once: a file GDAL cannot read fails here, before any work.</summary>
    public static void CheckRaster(string input)
    {
        using var dataset = Tiling.RasterDataset.Open(input, allowUngeoreferenced: true);
    }

    public static bool IsGdalVirtualPath(string path) => path.StartsWith("/vsi", StringComparison.Ordinal);

    /// <summary>Known extension, distinct paths, and a folder we can write to (created when missing).</summary>
    public static IReadOnlyList<string> ResolveOutputs(IReadOnlyList<string> outputs)
    {
        var resolved = new List<string>();
        foreach (var output in outputs)
        {
            string ext = Path.GetExtension(output).ToLowerInvariant();
            if (!OutputExtensions.Contains(ext))
            {
                throw new ArgumentException($"unknown output format '{ext}' for {output}: use {string.Join(" or ", OutputExtensions)}");
            }

            string full = Path.GetFullPath(output);
            if (resolved.Contains(full))
            {
                throw new ArgumentException($"output given twice: {output}");
            }

            if (Directory.Exists(full))
            {
                throw new ArgumentException($"output is a folder: {output}");
            }

            CheckWritableFolder(Path.GetDirectoryName(full)!, output);
            resolved.Add(full);
        }

        return resolved;
    }

    /// <summary>Creates the folder if needed and proves a file can be created in it.</summary>
    public static void CheckWritableFolder(string folder, string forPath)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, $".sam3r-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write to the folder of {forPath} ({folder}): {ex.Message}", ex);
        }
    }

    public static IReadOnlyList<string> CheckPrompts(IReadOnlyList<string> prompts)
    {
        var cleaned = prompts.Select(p => p.Trim()).ToList();
        if (cleaned.Count == 0 || cleaned.Any(p => p.Length == 0))
        {
            throw new ArgumentException("every --prompt needs some text");
        }

        var duplicate = cleaned.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"prompt given twice: {duplicate.Key}");
        }

        return cleaned;
    }

    /// <summary>
    /// One line for each prompt longer than the model reads (its text encoder takes 32 tokens, two
    /// of them markers): the model sees only its beginning. Not an error: CLIP-style prompts are cut,
    /// and a user may accept that. Tokenizing here also loads the tokenizer before the job's clock,
    /// not on the way to the first model run.
    /// </summary>
    public static IReadOnlyList<string> LongPromptWarnings(IReadOnlyList<string> prompts)
    {
        int room = ModelContract.TokenLength - 2;
        return [.. prompts
            .Select(p => (Prompt: p, Tokens: ClipTokenizer.Shared.CountTokens(p)))
            .Where(p => p.Tokens > room)
            .Select(p => $"prompt \"{p.Prompt}\" is {p.Tokens} tokens long; the model reads the first {room}")];
    }

    /// <summary>--tile and --overlap against the job's rules (<see cref="TileSettings.Problem"/>), one line naming the option.</summary>
    public static TileSettings CheckTiles(int tileSize, int overlap) => JobOptionChecks.Tiles(tileSize, overlap);

    public static float CheckThreshold(float threshold) => JobOptionChecks.Threshold(threshold);

    /// <summary>"3,2,1" → [3, 2, 1]: 1-based band numbers for the model's R, G, B.</summary>
    public static IReadOnlyList<int>? ParseBands(string? bands) => JobOptionChecks.Bands(bands);
}
