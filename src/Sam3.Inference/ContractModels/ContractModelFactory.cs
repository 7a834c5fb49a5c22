using Sam3.Inference.Contract;
using Sam3.Inference.Onnx;

namespace Sam3.Inference.ContractModels;

/// <summary>
/// Writes the project's own models with exactly the SAM3 contract (DESIGN.md §1), so tests, the
/// demo and the benchmarks run real ONNX Runtime sessions without SAM3 weights.
/// <para>
/// Colour model: the prompt's first word token (<c>token_ids[:,1]</c>) picks red (736), green
/// (1901) or blue (1746). A pixel matches when that band is ≥ 160 and ≥ 64 above each other band,
/// in 8-bit units recovered from the normalized input as v = (x + 1) · 127.5 (thresholds 159.5
/// and 63.5, so float round-off of byte inputs cannot flip a pixel). Query 0's mask logit at
/// 288 × 288 is (coverage − 0.5) · 20, where coverage is the exact fraction of each 3.5 × 3.5 px
/// cell that matches (nearest ×2 upsampling then 7 × 7 average pooling), so the logit changes
/// sign on the region's edge and upsampled masks follow the region to within a pixel.
/// Query 0's box is the full-resolution bounding box of the matching pixels, normalized
/// (cx, cy, w, h); its logit is +10. Presence is +10 when the prompt is a known colour and some
/// pixel matches, −10 otherwise. Queries 1.. have logit −20, mask logits −20 and zero boxes.
/// </para>
/// <para>
/// Heavy model: the same outputs, plus four 3 × 3 convolutions (3→8→8→8→1 channels) at full
/// 1008 resolution whose result enters the mask computation multiplied by zero — ONNX Runtime
/// cannot skip it, so it costs like a real encoder stage without changing the answers.
/// </para>
/// <para>
/// Coarse model: the colour rule on every 7th pixel only (a 144 × 144 sample grid, cell centres
/// at 3 + 7k), each sample deciding a 2 × 2 block of the 288 mask (logit ±10) and the box from the
/// sampled cells. It answers like the colour model to within a cell (7 px) at a small fraction
/// of its cost: the benchmarks use it to time everything around the model.
/// </para>
/// </summary>
public static class ContractModelFactory
{
    public const long RedToken = 736;
    public const long GreenToken = 1901;
    public const long BlueToken = 1746;

    /// <summary>Mask side of the generated models (SAM3's own size).</summary>
    public const int MaskSize = 288;

    // externalData: weights in PATH.data beside the graph, as the real SAM3 export writes them.

    public static void WriteColorModel(string path, int queries = 16, bool externalData = false) => Build(queries, heavy: false).Save(path, externalData);

    public static void WriteHeavyModel(string path, int queries = 16, bool externalData = false) => Build(queries, heavy: true).Save(path, externalData);

    public static void WriteCoarseModel(string path, int queries = 16, bool externalData = false) => Build(queries, heavy: false, coarse: true).Save(path, externalData);

    /// <summary>Queries of the instance model unless told otherwise: SAM3's count.</summary>
    public const int InstanceQueries = 200;

    /// <summary>
    /// The instance model (see <see cref="InstanceModel"/>): query q is the object whose band value
    /// is <see cref="InstanceShade"/>(q); with <paramref name="duplicates"/>, the second half of the
    /// queries are near-duplicates of the first, scored lower.
    /// </summary>
    public static void WriteInstanceModel(string path, int queries = InstanceQueries, bool duplicates = false, bool externalData = false) =>
        InstanceModel.Build(queries, duplicates).Save(path, externalData);

    /// <summary>The 8-bit band value of the object that the instance model's query <paramref name="query"/> segments.</summary>
    public static byte InstanceShade(int query) => (byte)InstanceModel.ShadeOf(query);

    /// <summary>Sample step of the coarse model: 1008 / 7 = 144 samples a side, half the mask's 288.</summary>
    private const int CoarseStep = 7;

    private static OnnxModelBuilder Build(int queries, bool heavy, bool coarse = false)
    {
        if (queries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(queries), queries, "a contract model needs at least one query");
        }

        const int S = ModelContract.PatchSize;
        var g = new OnnxModelBuilder(heavy ? "sam3_contract_heavy" : coarse ? "sam3_contract_coarse" : "sam3_contract_color");
        var images = g.Input(ModelContract.ImagesInput, OnnxDataType.Float, "B", ModelContract.Channels, S, S);
        var tokens = g.Input(ModelContract.TokenIdsInput, OnnxDataType.Int64, "P", ModelContract.TokenLength);
        var pixels = coarse
            ? g.Node("Slice", [images, g.Ints([CoarseStep / 2, CoarseStep / 2], 2), g.Ints([S, S], 2), g.Ints([2, 3], 2), g.Ints([CoarseStep, CoarseStep], 2)])
            : images;

        // Colour margins per band, in 8-bit units: ≥ 0 where the pixel matches that colour.
        var v = g.Node("Mul", [g.Node("Add", [pixels, g.Scalar(1f)]), g.Scalar(127.5f)]);
        string r = g.FreshName("r"), gr = g.FreshName("g"), bl = g.FreshName("b");
        g.NodeMulti("Split", [v], [r, gr, bl], OnnxAttribute.Int("axis", 1));
        var margins = g.Node("Concat", [Margin(g, r, gr, bl), Margin(g, gr, r, bl), Margin(g, bl, r, gr)], OnnxAttribute.Int("axis", 1));
        if (heavy)
        {
            margins = g.Node("Add", [margins, Trunk(g, images)]);
        }

        var mask = Cast(g, g.Node("GreaterOrEqual", [margins, g.Scalar(0f)]), OnnxDataType.Float); // [B,3,S,S], coarse [B,3,S/7,S/7]

        // Exact area coverage of each 288-grid cell: 1008·2 / 7 = 288 (coarse: each sample covers 2 × 2 cells).
        var doubled = g.Node("Resize", [mask, string.Empty, g.Floats([1f, 1f, 2f, 2f], 4)],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));
        var coverage = coarse
            ? doubled
            : g.Node("AveragePool", [doubled], OnnxAttribute.Ints("kernel_shape", 7, 7), OnnxAttribute.Ints("strides", 7, 7));
        var coverageFlat = g.Node("Reshape", [coverage, g.Ints([0, 3, -1], 3)]); // [B,3,N]

        // Prompt → one-hot colour [P,3]; unknown words give a zero row, hence nothing present.
        var firstWord = g.Node("Gather", [tokens, g.Ints([1])], OnnxAttribute.Int("axis", 1)); // [P]
        var firstColumn = g.Node("Unsqueeze", [firstWord, g.Ints([1], 1)]); // [P,1]
        var oneHot = Cast(g, g.Node("Equal", [firstColumn, g.Ints([RedToken, GreenToken, BlueToken], 3)]), OnnxDataType.Float);

        // MatMul broadcasts [P,3] × [B,3,N] → [B,P,N]: every image paired with every prompt, row k = b·P + p.
        var selected = g.Node("MatMul", [oneHot, coverageFlat]);
        var present = Cast(g, g.Node("Greater", [Reduce(g, "ReduceMax", selected, 2), g.Scalar(0f)]), OnnxDataType.Float); // [B,P,1]
        var presence = g.Node("Sub", [g.Node("Mul", [present, g.Scalar(20f)]), g.Scalar(10f)]);
        g.NodeTo("Reshape", [presence, g.Ints([-1, 1], 2)], ModelContract.PresenceOutput);

        var mask0 = g.Node("Reshape", [g.Node("Mul", [g.Node("Sub", [selected, g.Scalar(0.5f)]), g.Scalar(20f)]), g.Ints([-1, 1, MaskSize, MaskSize], 4)]);
        var box0 = g.Node("Reshape", [g.Node("Mul", [Box(g, mask, oneHot, coarse ? CoarseStep : 1), present]), g.Ints([-1, 1, 4], 3)]); // [BP,1,4]

        var logitValues = new float[queries];
        Array.Fill(logitValues, -20f);
        logitValues[0] = 10f;
        var zeroColumn = g.Node("Mul", [Reduce(g, "ReduceMax", box0, 2), g.Scalar(0f)]); // [BP,1,1]: carries the dynamic row count
        g.NodeTo("Add", [zeroColumn, g.Floats(logitValues, 1, queries, 1)], ModelContract.LogitsOutput);

        // Query 0 answers, queries 1.. are empty: Pad fills them straight into the output, so
        // [BP, Q, 288, 288] is written once, as SAM3's mask head writes it, not built and concatenated.
        g.NodeTo("Pad", [mask0, g.Ints([0, 0, 0, 0, 0, queries - 1, 0, 0], 8), g.Scalar(-20f)], ModelContract.MasksOutput);
        g.NodeTo("Pad", [box0, g.Ints([0, 0, 0, 0, queries - 1, 0], 6), g.Scalar(0f)], ModelContract.BoxesOutput);

        g.Output(ModelContract.LogitsOutput, OnnxDataType.Float, "BP", queries, 1);
        g.Output(ModelContract.BoxesOutput, OnnxDataType.Float, "BP", queries, 4);
        g.Output(ModelContract.MasksOutput, OnnxDataType.Float, "BP", queries, MaskSize, MaskSize);
        g.Output(ModelContract.PresenceOutput, OnnxDataType.Float, "BP", 1);
        return g;
    }

    /// <summary>min(band − 159.5, band − other1 − 63.5, band − other2 − 63.5): ≥ 0 exactly where the colour rule holds.</summary>
    private static string Margin(OnnxModelBuilder g, string band, string other1, string other2) =>
        g.Node("Min",
        [
            g.Node("Sub", [band, g.Scalar(159.5f)]),
            g.Node("Sub", [g.Node("Sub", [band, other1]), g.Scalar(63.5f)]),
            g.Node("Sub", [g.Node("Sub", [band, other2]), g.Scalar(63.5f)]),
        ]);

    /// <summary>Normalized (cx, cy, w, h) of the matching cells' bounding box in patch pixels, [B,P,4]; a mask cell is <paramref name="cell"/> px.</summary>
    private static string Box(OnnxModelBuilder g, string mask, string oneHot, int cell)
    {
        const int S = ModelContract.PatchSize;
        int n = S / cell;
        var index = g.Floats(Enumerable.Range(0, n).Select(i => (float)(i * cell)).ToArray(), n);
        var indexEnd = g.Floats(Enumerable.Range(1, n).Select(i => (float)(i * cell)).ToArray(), n);
        (string Lo, string Hi) Extent(int axis)
        {
            var any = g.Node("MatMul", [oneHot, g.Node("ReduceMax", [mask], OnnxAttribute.Ints("axes", axis), OnnxAttribute.Int("keepdims", 0))]); // [B,P,S]
            var hit = g.Node("Greater", [any, g.Scalar(0.5f)]);
            var lo = Reduce(g, "ReduceMin", g.Node("Where", [hit, index, g.Scalar(S)]), 2);
            var hi = Reduce(g, "ReduceMax", g.Node("Where", [hit, indexEnd, g.Scalar(0f)]), 2);
            return (lo, hi);
        }

        var (x0, x1) = Extent(2); // reducing rows leaves columns
        var (y0, y1) = Extent(3);
        var cx = g.Node("Div", [g.Node("Add", [x0, x1]), g.Scalar(2f * S)]);
        var cy = g.Node("Div", [g.Node("Add", [y0, y1]), g.Scalar(2f * S)]);
        var w = g.Node("Div", [g.Node("Sub", [x1, x0]), g.Scalar(S)]);
        var h = g.Node("Div", [g.Node("Sub", [y1, y0]), g.Scalar(S)]);
        return g.Node("Concat", [cx, cy, w, h], OnnxAttribute.Int("axis", 2));
    }

    /// <summary>Four 3×3 convolutions at full resolution, reduced to [B,1,1,1] and multiplied by zero.</summary>
    private static string Trunk(OnnxModelBuilder g, string images)
    {
        var x = images;
        var channels = new[] { 3, 8, 8, 8, 1 };
        var seed = 0;
        for (var layer = 0; layer + 1 < channels.Length; layer++)
        {
            var (cin, cout) = (channels[layer], channels[layer + 1]);
            var weights = new float[cout * cin * 9];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = 0.2f * MathF.Sin(1.7f * seed++ + 0.3f); // deterministic, bounded: no overflow after four layers
            }

            x = g.Node("Conv", [x, g.Floats(weights, cout, cin, 3, 3), g.Floats(new float[cout], cout)],
                OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
            if (layer + 2 < channels.Length)
            {
                x = g.Node("Relu", [x]);
            }
        }

        var mean = g.Node("ReduceMean", [x], OnnxAttribute.Ints("axes", 1, 2, 3), OnnxAttribute.Int("keepdims", 1));
        return g.Node("Mul", [mean, g.Scalar(0f)]);
    }

    private static string Reduce(OnnxModelBuilder g, string op, string input, int axis) =>
        g.Node(op, [input], OnnxAttribute.Ints("axes", axis), OnnxAttribute.Int("keepdims", 1));

    private static string Cast(OnnxModelBuilder g, string input, OnnxDataType to) =>
        g.Node("Cast", [input], OnnxAttribute.Int("to", (int)to));
}
