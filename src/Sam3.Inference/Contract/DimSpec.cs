namespace Sam3.Inference.Contract;

/// <summary>What the contract requires of one dimension.</summary>
public enum DimRule
{
    /// <summary>Exactly this size.</summary>
    Fixed,

    /// <summary>Must be left symbolic: a model exported with a fixed batch cannot take other batch sizes.</summary>
    Dynamic,

    /// <summary>Anything; the runner reads the size from the output (queries, mask size).</summary>
    Any,
}

/// <summary>One dimension of a contract tensor: its rule and the label used in messages.</summary>
public sealed record DimSpec(DimRule Rule, string Label, long Size)
{
    public static DimSpec Fixed(long size) => new(DimRule.Fixed, size.ToString(System.Globalization.CultureInfo.InvariantCulture), size);

    public static DimSpec Dynamic(string label) => new(DimRule.Dynamic, label, -1);

    public static DimSpec Any(string label) => new(DimRule.Any, label, -1);

    public bool Matches(ModelDim dim) => Rule switch
    {
        DimRule.Fixed => dim.Size == Size,
        DimRule.Dynamic => dim.IsDynamic,
        _ => true,
    };
}
