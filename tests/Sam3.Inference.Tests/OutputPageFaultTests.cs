using Sam3.Inference.Contract;
using Sam3.Inference.ContractModels;
using Sam3.Inference.Session;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>Page faults of a model run at SAM3's 200 queries: steady-state runs touch no new output memory.</summary>
[Collection(nameof(SerialCollection))]
public sealed class OutputPageFaultTests : IDisposable
{
    private const int Queries = 200;
    private readonly TempDirectory dir = new("sam3r-faults");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_first_run_faults_its_output_pages_once_and_steady_state_runs_fault_none()
    {
        var model = dir.File("color-200.onnx");
        ContractModelFactory.WriteColorModel(model, Queries);
        var prompts = PromptSet.Create(["blue", "red"]);
        const int Batch = 2;
        long maskPages = (long)Batch * prompts.Count * Queries * ContractModelFactory.MaskSize * ContractModelFactory.MaskSize * sizeof(float) / 4096;

        using var session = Sam3Session.Open(model, new Sam3SessionOptions(ExecutionDevice.Cpu, MaxBatchSize: Batch, IntraOpThreads: 1, SpinWhenIdle: false));
        for (var b = 0; b < Batch; b++)
        {
            Scenes.Fill(session.ImageSlot(b), (110, 110, 110), Scenes.Rect(100 + (b * 200), 150, 400 + (b * 200), 333, b == 0 ? Scenes.Red : Scenes.Blue));
        }

        long first = 0, bound = 0;
        for (var run = 0; run < 3; run++)
        {
            var before = ProcessFaults.Minor();
            session.RunRaw(Batch, prompts).Dispose();
            bound = ProcessFaults.Minor() - before;
            first = run == 0 ? bound : first;
        }

        // The first run touches the output memory (the counter sees it); later runs reuse it.
        Assert.True(first > maskPages / 2, $"the first run faulted {first} pages; its masks alone are {maskPages}");
        Assert.True(bound < maskPages / 50, $"a steady-state run faulted {bound} pages; the masks are {maskPages}");
    }
}
