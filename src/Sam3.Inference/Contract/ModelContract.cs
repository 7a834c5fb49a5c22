namespace Sam3.Inference.Contract;

/// <summary>
/// The fused SAM3 ONNX contract (DESIGN.md §1) as data: every name, dtype and fixed dimension the
/// runner relies on lives here, so the check at load and the code that feeds the model cannot drift.
/// </summary>
public static class ModelContract
{
    /// <summary>Side of the square image patch the model takes, in pixels.</summary>
    public const int PatchSize = 1008;

    /// <summary>Colour channels per image (RGB).</summary>
    public const int Channels = 3;

    /// <summary>Token ids per prompt (CLIP context length used by SAM3).</summary>
    public const int TokenLength = 32;

    public const string ImagesInput = "images";
    public const string TokenIdsInput = "token_ids";
    public const string LogitsOutput = "pred_logits";
    public const string BoxesOutput = "pred_boxes";
    public const string MasksOutput = "pred_masks";
    public const string PresenceOutput = "presence_logit_dec";

    /// <summary>Floats in one normalized image patch (3 × 1008 × 1008).</summary>
    public const int ImageLength = Channels * PatchSize * PatchSize;

    public static IReadOnlyList<TensorSpec> Inputs { get; } =
    [
        new(ImagesInput, TensorElement.Float32, [DimSpec.Dynamic("B"), DimSpec.Fixed(Channels), DimSpec.Fixed(PatchSize), DimSpec.Fixed(PatchSize)]),
        new(TokenIdsInput, TensorElement.Int64, [DimSpec.Dynamic("P"), DimSpec.Fixed(TokenLength)]),
    ];

    public static IReadOnlyList<TensorSpec> Outputs { get; } =
    [
        new(LogitsOutput, TensorElement.Float32, [DimSpec.Dynamic("B·P"), DimSpec.Any("Q"), DimSpec.Fixed(1)]),
        new(BoxesOutput, TensorElement.Float32, [DimSpec.Dynamic("B·P"), DimSpec.Any("Q"), DimSpec.Fixed(4)]),
        new(MasksOutput, TensorElement.Float32, [DimSpec.Dynamic("B·P"), DimSpec.Any("Q"), DimSpec.Any("Hm"), DimSpec.Any("Wm")]),
        new(PresenceOutput, TensorElement.Float32, [DimSpec.Dynamic("B·P"), DimSpec.Fixed(1)]),
    ];

    /// <summary>
    /// Every difference between a model's signature and the contract, one readable line each;
    /// empty when the model matches. Extra inputs are differences too (the runner would not feed
    /// them); extra outputs are ignored (the runner asks only for the four it needs).
    /// </summary>
    public static IReadOnlyList<string> Differences(ModelSignature signature)
    {
        var differences = new List<string>();
        Compare("input", Inputs, signature.Inputs, differences);
        Compare("output", Outputs, signature.Outputs, differences);
        var expectedInputs = Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in signature.Inputs.Where(i => !expectedInputs.Contains(i.Name)))
        {
            differences.Add($"unexpected input {extra.Name}: {extra.Describe()}");
        }

        return differences;
    }

    /// <summary>Throws <see cref="ModelContractException"/> listing every difference, if any.</summary>
    public static void Verify(string modelPath, ModelSignature signature)
    {
        var differences = Differences(signature);
        if (differences.Count > 0)
        {
            throw new ModelContractException(modelPath, differences);
        }
    }

    private static void Compare(string role, IReadOnlyList<TensorSpec> expected, IReadOnlyList<TensorSignature> found, List<string> differences)
    {
        foreach (var spec in expected)
        {
            var actual = found.FirstOrDefault(f => f.Name == spec.Name);
            if (actual is null)
            {
                differences.Add($"{role} {spec.Name}: missing (expected {spec.Describe()})");
            }
            else if (!spec.Matches(actual))
            {
                differences.Add($"{role} {spec.Name}: expected {spec.Describe()}, found {actual.Describe()}");
            }
        }
    }
}
