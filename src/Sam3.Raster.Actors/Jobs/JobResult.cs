namespace Sam3.Raster.Actors.Jobs;

/// <summary>Features of one prompt in a job's outputs, after seams were merged.</summary>
public sealed record PromptFeatures(string Prompt, long Features);

/// <summary>What a finished job wrote: features per prompt and the output files.</summary>
public sealed record JobResult(IReadOnlyList<PromptFeatures> FeaturesPerPrompt, IReadOnlyList<string> Outputs)
{
    public long TotalFeatures => FeaturesPerPrompt.Sum(p => p.Features);
}
