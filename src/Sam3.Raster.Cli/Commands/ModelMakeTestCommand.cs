using System.CommandLine;
using Sam3.Inference.ContractModels;

namespace Sam3.Raster.Cli.Commands;

/// <summary><c>sam3r model make-test --kind color|heavy|coarse|instances --out PATH [--queries Q] [--duplicates] [--external-data]</c>.</summary>
internal static class ModelMakeTestCommand
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "color (finds red/green/blue objects) heavy (same, plus full-resolution convolutions for benchmarks) coarse (same rule on every 7th pixel: near-free, to time everything around the model) or instances (one query per object, objects told apart by shade: query q is the object whose prompt band is 255 − q; neighbouring masks overlap by a few pixels, as SAM3's do).", Required = true };
        kind.AcceptOnlyFromAmong("color", "heavy", "coarse", "instances");
        var output = new Option<string>("--out") { Description = "Path of the ONNX file to write.", Required = true };
        var queries = new Option<int?>("--queries") { Description = "Number of queries Q (SAM3 has 200); default 200 for instances, 16 otherwise." };
        var duplicates = new Option<bool>("--duplicates") { Description = "instances only: the second half of the queries repeat the first with slightly tighter masks and lower scores (near-duplicates for mask NMS)." };
        var externalData = new Option<bool>("--external-data") { Description = "Write the weights to OUT.data beside the graph (ONNX external data), as the SAM3 export does." };
        var command = new Command("make-test", "Write an ONNX model with exactly the SAM3 contract, for tests, demos and benchmarks without SAM3 weights.");
        command.Options.Add(kind);
        command.Options.Add(output);
        command.Options.Add(queries);
        command.Options.Add(duplicates);
        command.Options.Add(externalData);
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            var k = parseResult.GetValue(kind);
            var q = parseResult.GetValue(queries) ?? (k == "instances" ? ContractModelFactory.InstanceQueries : 16);
            var external = parseResult.GetValue(externalData);
            if (q < 1)
            {
                throw new ArgumentException($"--queries must be at least 1, not {q}");
            }

            if (parseResult.GetValue(duplicates) && k != "instances")
            {
                throw new ArgumentException("--duplicates applies to --kind instances only");
            }

            switch (k)
            {
                case "instances":
                    ContractModelFactory.WriteInstanceModel(path, q, parseResult.GetValue(duplicates), external);
                    break;
                case "heavy":
                    ContractModelFactory.WriteHeavyModel(path, q, external);
                    break;
                case "coarse":
                    ContractModelFactory.WriteCoarseModel(path, q, external);
                    break;
                default:
                    ContractModelFactory.WriteColorModel(path, q, external);
                    break;
            }

            Console.WriteLine($"wrote {k} model ({q} queries) to {path}{(external ? $" (weights in {path}.data)" : "")}");
            return 0;
        });
        return command;
    }
}
