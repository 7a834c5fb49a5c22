using Sam3.Inference.Contract;
using Sam3.Inference.Onnx;

namespace Sam3.Inference.ContractModels;

/// <summary>
/// The instance contract model: each query is ONE object, as in SAM3, so merging that must keep
/// touching objects apart can be tested with real ONNX Runtime sessions.
/// <para>
/// The prompt's first word picks a band (red, green, blue, as the colour model). A pixel belongs to
/// an object when that band is ≥ 64 above each other band; its <em>shade</em> (the band's 8-bit
/// value) names the instance: query q is the object of shade <see cref="ShadeOf"/>(q) = 255 − q.
/// Objects of shades ≥ 160 are also what the colour model finds as one region, so one scene
/// checks both models.
/// </para>
/// <para>
/// Masks at 288 × 288: per 3.5 × 3.5 px cell, the coverage of the cell's highest and lowest shade
/// (a cell can hold two objects exactly; where three or more meet, the others lose that one cell,
/// which the blur below fills again), a 3 × 3 average at mask resolution (the blur that makes
/// SAM3's neighbouring masks overlap after upsampling), logit (blur − 0.25) · 40. Upsampled, each
/// mask grows by about 1–3 px past its object, so touching objects' masks overlap by a few pixels.
/// Query logit +10 when its mask has a positive cell, −20 otherwise; presence +10 when the prompt
/// is a known colour and any query is present. Boxes are the positive cells' bounding box.
/// </para>
/// <para>
/// With duplicates, the second half of the queries repeats the first with a slightly tighter mask
/// (logit (blur − 0.35) · 40) and a lower logit (+3): the near-duplicate answers mask NMS removes.
/// </para>
/// </summary>
internal static class InstanceModel
{
    private const int Doubled = ModelContract.PatchSize * 2; // 2016: cells of 7 × 7 at the doubled resolution
    private const int Cell = Doubled / ContractModelFactory.MaskSize; // 7

    public static int ShadeOf(int query) => 255 - query;

    public static OnnxModelBuilder Build(int queries, bool duplicates)
    {
        if (queries < 1 || (duplicates && queries < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(queries), queries, "an instance model needs at least one query (two with duplicates)");
        }

        const int S = ModelContract.PatchSize;
        const int M = ContractModelFactory.MaskSize;
        int shades = Math.Min(duplicates ? queries / 2 : queries, 256);
        var g = new OnnxModelBuilder("sam3_contract_instances");
        var images = g.Input(ModelContract.ImagesInput, OnnxDataType.Float, "B", ModelContract.Channels, S, S);
        var tokens = g.Input(ModelContract.TokenIdsInput, OnnxDataType.Int64, "P", ModelContract.TokenLength);

        // Shade index per band: 255 − v where the band dominates, else −1; selected per prompt.
        var v = g.Node("Mul", [g.Node("Add", [images, g.Scalar(1f)]), g.Scalar(127.5f)]);
        string r = g.FreshName("r"), gr = g.FreshName("g"), bl = g.FreshName("b");
        g.NodeMulti("Split", [v], [r, gr, bl], OnnxAttribute.Int("axis", 1));
        var shadePlusOne = g.Node("Concat", [ShadePlusOne(g, r, gr, bl), ShadePlusOne(g, gr, r, bl), ShadePlusOne(g, bl, r, gr)], OnnxAttribute.Int("axis", 1));
        var firstWord = g.Node("Gather", [tokens, g.Ints([1])], OnnxAttribute.Int("axis", 1));
        var oneHot = Cast(g, g.Node("Equal", [g.Node("Unsqueeze", [firstWord, g.Ints([1], 1)]), g.Ints([ContractModelFactory.RedToken, ContractModelFactory.GreenToken, ContractModelFactory.BlueToken], 3)]), OnnxDataType.Float);

        // [P,3] × [B,3,N] → [B,P,N]; an unknown prompt selects nothing, hence −1 everywhere.
        var selected = g.Node("Sub", [g.Node("MatMul", [oneHot, g.Node("Reshape", [shadePlusOne, g.Ints([0, 3, -1], 3)])]), g.Scalar(1f)]);
        var shade = g.Node("Reshape", [selected, g.Ints([-1, 1, S, S], 4)]); // [BP,1,S,S]
        var doubled = g.Node("Resize", [shade, string.Empty, g.Floats([1f, 1f, 2f, 2f], 4)],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));
        var isObject = g.Node("GreaterOrEqual", [doubled, g.Scalar(0f)]);

        // Highest and lowest shade index per cell, and the exact coverage of each.
        var hi = Pool(g, "MaxPool", doubled, Cell, Cell, 0);
        var lo = g.Node("Neg", [Pool(g, "MaxPool", g.Node("Neg", [g.Node("Where", [isObject, doubled, g.Scalar(1e4f)])]), Cell, Cell, 0)]);
        var coverHi = Coverage(g, doubled, isObject, hi);
        var coverLo = g.Node("Mul", [Coverage(g, doubled, isObject, lo), Cast(g, g.Node("Not", [g.Node("Equal", [lo, hi])]), OnnxDataType.Float)]);

        // Per query: [1,Q,1,1] index against the cell's shades → [BP,Q,M,M] coverage, then the blur.
        var index = g.Floats(Enumerable.Range(0, shades).Select(q => (float)q).ToArray(), 1, shades, 1, 1);
        var coverage = g.Node("Add",
        [
            g.Node("Mul", [Cast(g, g.Node("Equal", [index, hi]), OnnxDataType.Float), coverHi]),
            g.Node("Mul", [Cast(g, g.Node("Equal", [index, lo]), OnnxDataType.Float), coverLo]),
        ]);
        var blur = Pool(g, "AveragePool", coverage, 3, 1, 1);
        var mask = g.Node("Mul", [g.Node("Sub", [blur, g.Scalar(0.25f)]), g.Scalar(40f)]);
        var present = Cast(g, g.Node("Greater", [g.Node("ReduceMax", [mask], OnnxAttribute.Ints("axes", 2, 3), OnnxAttribute.Int("keepdims", 0)), g.Scalar(0f)]), OnnxDataType.Float); // [BP,Q]
        var logits = g.Node("Sub", [g.Node("Mul", [present, g.Scalar(30f)]), g.Scalar(20f)]);
        var boxes = g.Node("Mul", [Boxes(g, mask, M), g.Node("Unsqueeze", [present, g.Ints([2], 1)])]); // [BP,Q,4]
        var anyPresent = g.Node("ReduceMax", [present], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)); // [BP,1]
        g.NodeTo("Sub", [g.Node("Mul", [anyPresent, g.Scalar(20f)]), g.Scalar(10f)], ModelContract.PresenceOutput);

        var masks = new List<string> { mask };
        var logitParts = new List<string> { logits };
        var boxParts = new List<string> { boxes };
        if (duplicates)
        {
            masks.Add(g.Node("Mul", [g.Node("Sub", [blur, g.Scalar(0.35f)]), g.Scalar(40f)]));
            logitParts.Add(g.Node("Sub", [g.Node("Mul", [present, g.Scalar(23f)]), g.Scalar(20f)]));
            boxParts.Add(boxes);
        }

        int padding = queries - (masks.Count * shades);
        if (padding > 0)
        {
            var zeroRows = g.Node("Mul", [g.Node("Slice", [present, g.Ints([0], 1), g.Ints([1], 1), g.Ints([1], 1)]), g.Scalar(0f)]); // [BP,1]: the dynamic row count
            masks.Add(g.Node("Add", [g.Node("Reshape", [zeroRows, g.Ints([-1, 1, 1, 1], 4)]), g.Floats(Filled(padding * M * M, -20f), 1, padding, M, M)]));
            logitParts.Add(g.Node("Add", [zeroRows, g.Floats(Filled(padding, -20f), 1, padding)]));
            boxParts.Add(g.Node("Add", [g.Node("Reshape", [zeroRows, g.Ints([-1, 1, 1], 3)]), g.Floats(new float[padding * 4], 1, padding, 4)]));
        }

        g.NodeTo("Concat", [.. masks], ModelContract.MasksOutput, OnnxAttribute.Int("axis", 1));
        g.NodeTo("Unsqueeze", [g.Node("Concat", [.. logitParts], OnnxAttribute.Int("axis", 1)), g.Ints([2], 1)], ModelContract.LogitsOutput);
        g.NodeTo("Concat", [.. boxParts], ModelContract.BoxesOutput, OnnxAttribute.Int("axis", 1));

        g.Output(ModelContract.LogitsOutput, OnnxDataType.Float, "BP", queries, 1);
        g.Output(ModelContract.BoxesOutput, OnnxDataType.Float, "BP", queries, 4);
        g.Output(ModelContract.MasksOutput, OnnxDataType.Float, "BP", queries, M, M);
        g.Output(ModelContract.PresenceOutput, OnnxDataType.Float, "BP", 1);
        return g;
    }

    /// <summary>256 − v (the shade index + 1) where <paramref name="band"/> is ≥ 64 above both others, else 0.</summary>
    private static string ShadePlusOne(OnnxModelBuilder g, string band, string other1, string other2)
    {
        var margin = g.Node("Min", [g.Node("Sub", [g.Node("Sub", [band, other1]), g.Scalar(63.5f)]), g.Node("Sub", [g.Node("Sub", [band, other2]), g.Scalar(63.5f)])]);
        var index = g.Node("Floor", [g.Node("Sub", [g.Scalar(255.5f), band])]); // 255 − v, exact for byte inputs
        return g.Node("Where", [g.Node("GreaterOrEqual", [margin, g.Scalar(0f)]), g.Node("Add", [index, g.Scalar(1f)]), g.Scalar(0f)]);
    }

    /// <summary>Fraction of each cell's doubled pixels whose shade equals the cell's <paramref name="cellShade"/>.</summary>
    private static string Coverage(OnnxModelBuilder g, string doubled, string isObject, string cellShade)
    {
        var up = g.Node("Resize", [cellShade, string.Empty, g.Floats([1f, 1f, Cell, Cell], 4)],
            OnnxAttribute.String("mode", "nearest"),
            OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttribute.String("nearest_mode", "floor"));
        var same = Cast(g, g.Node("And", [g.Node("Equal", [doubled, up]), isObject]), OnnxDataType.Float);
        return Pool(g, "AveragePool", same, Cell, Cell, 0);
    }

    /// <summary>Normalized (cx, cy, w, h) of each query's positive cells, [BP,Q,4].</summary>
    private static string Boxes(OnnxModelBuilder g, string mask, int m)
    {
        const float S = ModelContract.PatchSize;
        float cell = S / m;
        var start = g.Floats(Enumerable.Range(0, m).Select(i => i * cell).ToArray(), m);
        var end = g.Floats(Enumerable.Range(1, m).Select(i => i * cell).ToArray(), m);
        (string Lo, string Hi) Extent(int axis)
        {
            var hit = g.Node("Greater", [g.Node("ReduceMax", [mask], OnnxAttribute.Ints("axes", axis), OnnxAttribute.Int("keepdims", 0)), g.Scalar(0f)]); // [BP,Q,M]
            var first = g.Node("ReduceMin", [g.Node("Where", [hit, start, g.Scalar(S)])], OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
            var last = g.Node("ReduceMax", [g.Node("Where", [hit, end, g.Scalar(0f)])], OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
            return (first, last);
        }

        var (x0, x1) = Extent(2);
        var (y0, y1) = Extent(3);
        return g.Node("Concat",
        [
            g.Node("Div", [g.Node("Add", [x0, x1]), g.Scalar(2f * S)]),
            g.Node("Div", [g.Node("Add", [y0, y1]), g.Scalar(2f * S)]),
            g.Node("Div", [g.Node("Sub", [x1, x0]), g.Scalar(S)]),
            g.Node("Div", [g.Node("Sub", [y1, y0]), g.Scalar(S)]),
        ], OnnxAttribute.Int("axis", 2));
    }

    private static string Pool(OnnxModelBuilder g, string op, string input, int kernel, int stride, int pad) =>
        g.Node(op, [input], OnnxAttribute.Ints("kernel_shape", kernel, kernel), OnnxAttribute.Ints("strides", stride, stride), OnnxAttribute.Ints("pads", pad, pad, pad, pad));

    private static float[] Filled(int n, float value)
    {
        var a = new float[n];
        Array.Fill(a, value);
        return a;
    }

    private static string Cast(OnnxModelBuilder g, string input, OnnxDataType to) =>
        g.Node("Cast", [input], OnnxAttribute.Int("to", (int)to));
}
