namespace Sam3.Inference.Contract;

/// <summary>A tensor the contract requires: name, element type and per-dimension rules.</summary>
public sealed record TensorSpec(string Name, TensorElement Element, IReadOnlyList<DimSpec> Dims)
{
    public bool Matches(TensorSignature actual) =>
        actual.Element == Element
        && actual.Dims.Count == Dims.Count
        && Dims.Zip(actual.Dims).All(pair => pair.First.Matches(pair.Second));

    /// <summary>E.g. <c>int64 [P,32]</c>.</summary>
    public string Describe() => $"{Element.Name()} [{string.Join(',', Dims.Select(d => d.Label))}]";
}
