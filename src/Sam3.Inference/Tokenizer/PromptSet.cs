using Sam3.Inference.Contract;

namespace Sam3.Inference.Tokenizer;

/// <summary>
/// P text prompts and their token ids, laid out as the model's <c>token_ids</c> input
/// (P × 32, row-major). Tokenize once per job, reuse for every batch.
/// </summary>
public sealed class PromptSet
{
    private readonly long[] tokenIds;

    private PromptSet(IReadOnlyList<string> texts, long[] tokenIds)
    {
        Texts = texts;
        this.tokenIds = tokenIds;
    }

    public IReadOnlyList<string> Texts { get; }

    public int Count => Texts.Count;

    /// <summary>P × 32 ids, row p for prompt p.</summary>
    public ReadOnlyMemory<long> TokenIds => tokenIds;

    /// <summary>The backing array, for ONNX Runtime to read in place (never written).</summary>
    internal long[] TokenIdArray => tokenIds;

    public static PromptSet Create(IReadOnlyList<string> texts) => Create(texts, ClipTokenizer.Shared);

    public static PromptSet Create(IReadOnlyList<string> texts, ClipTokenizer tokenizer)
    {
        if (texts.Count == 0)
        {
            throw new ArgumentException("at least one text prompt is required", nameof(texts));
        }

        var ids = new long[texts.Count * ModelContract.TokenLength];
        for (var p = 0; p < texts.Count; p++)
        {
            if (string.IsNullOrWhiteSpace(texts[p]))
            {
                throw new ArgumentException($"prompt {p} is empty", nameof(texts));
            }

            tokenizer.Encode(texts[p], ids.AsSpan(p * ModelContract.TokenLength, ModelContract.TokenLength));
        }

        return new PromptSet(texts.ToArray(), ids);
    }
}
