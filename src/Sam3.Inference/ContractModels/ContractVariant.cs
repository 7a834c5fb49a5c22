using Sam3.Inference.Contract;
using Sam3.Inference.Onnx;

namespace Sam3.Inference.ContractModels;

/// <summary>
/// Tiny models with a chosen signature (outputs are constants), to exercise the contract check
/// with one thing wrong at a time (the tests of the contract check and of <c>sam3r model inspect</c>).
/// </summary>
public sealed record ContractVariant(
    string ImagesName = "images",
    object BatchDim = default!,
    OnnxDataType TokenType = OnnxDataType.Int64,
    int TokenLength = ModelContract.TokenLength,
    string MasksName = "pred_masks")
{
    public void Write(string path)
    {
        var g = new OnnxModelBuilder("variant");
        g.Input(ImagesName, OnnxDataType.Float, BatchDim ?? "B", ModelContract.Channels, ModelContract.PatchSize, ModelContract.PatchSize);
        var tokens = g.Input("token_ids", TokenType, "P", TokenLength);

        // A zero per prompt row, [P,1]: outputs broadcast from it keep a dynamic first dim
        // (ONNX Runtime reports inferred shapes, so constant outputs would read as fixed).
        var zero = g.Node("Mul", [g.Node("ReduceMax", [g.Node("Cast", [tokens], OnnxAttribute.Int("to", (int)OnnxDataType.Float))],
            OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1)), g.Scalar(0f)]);
        Output(g, zero, "pred_logits", 4, 1);
        Output(g, zero, "pred_boxes", 4, 4);
        Output(g, zero, MasksName, 4, 8, 8);
        g.NodeTo("Identity", [zero], "presence_logit_dec");
        g.Output("presence_logit_dec", OnnxDataType.Float, "BP", 1);
        g.Save(path);
    }

    private static void Output(OnnxModelBuilder g, string zero, string name, params long[] dims)
    {
        var size = (int)dims.Aggregate(1L, (a, b) => a * b);
        var rows = g.Node("Reshape", [zero, g.Ints([-1, .. Enumerable.Repeat(1L, dims.Length)], dims.Length + 1)]);
        g.NodeTo("Add", [rows, g.Floats(new float[size], [1, .. dims])], name);
        g.Output(name, OnnxDataType.Float, ["BP", .. dims.Cast<object>()]);
    }
}
