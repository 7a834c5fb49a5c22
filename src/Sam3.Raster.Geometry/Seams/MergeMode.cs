namespace Sam3.Raster.Geometry.Seams;

/// <summary>How pieces of one prompt become features (docs/GEOMETRY.md).</summary>
public enum MergeMode
{
    /// <summary>One feature per object instance (per query, after mask NMS), matched across seams one-to-one: <see cref="InstanceMerger"/>.</summary>
    Instances,

    /// <summary>One feature per connected same-prompt area (the union of everything that overlaps): <see cref="DissolvingMerger"/>, for area prompts such as water or forest.</summary>
    Dissolve,
}
