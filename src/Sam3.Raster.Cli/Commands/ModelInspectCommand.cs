using System.CommandLine;
using Sam3.Inference.Contract;

namespace Sam3.Raster.Cli.Commands;

/// <summary>
/// <c>sam3r model inspect PATH</c>: prints the model's inputs and outputs and whether it follows the
/// SAM3 contract; exits 0 when it does, 1 with the list of differences when it does not.
/// </summary>
internal static class ModelInspectCommand
{
    public const int ContractMismatch = 1;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "ONNX model file." };
        var command = new Command("inspect", "Show a model's inputs and outputs and check them against the SAM3 contract.");
        command.Arguments.Add(path);
        command.SetAction(parseResult =>
        {
            var modelPath = parseResult.GetValue(path)!;
            var signature = ModelSignature.ReadFile(modelPath);
            Console.WriteLine($"model: {modelPath}");
            foreach (var data in ModelSignature.WeightsFiles(modelPath))
            {
                Console.WriteLine($"  weights {data.Location}: external data beside the graph, {data.RequiredBytes} bytes used");
            }

            foreach (var input in signature.Inputs)
            {
                Console.WriteLine($"  input  {input.Name}: {input.Describe()}");
            }

            foreach (var o in signature.Outputs)
            {
                Console.WriteLine($"  output {o.Name}: {o.Describe()}");
            }

            var differences = ModelContract.Differences(signature);
            if (differences.Count == 0)
            {
                Console.WriteLine("contract: OK (SAM3 fused model: images [B,3,1008,1008] + token_ids [P,32] → B·P rows)");
                return 0;
            }

            Console.WriteLine($"contract: MISMATCH ({differences.Count} difference{(differences.Count == 1 ? string.Empty : "s")})");
            foreach (var d in differences)
            {
                Console.WriteLine($"  - {d}");
            }

            return ContractMismatch;
        });
        return command;
    }
}
