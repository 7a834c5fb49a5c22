namespace Sam3.Raster.Bench;

/// <summary>What a <see cref="FaultBenchmark"/> job goes through.</summary>
internal enum FaultKind
{
    None,

    /// <summary>gpu1's link down at the fault time, up again after the fault's length.</summary>
    GpuCut,

    /// <summary>gpu1 SIGKILLed at the fault time and started again 2 s later (as a supervisor would).</summary>
    GpuKill,

    /// <summary>The control node's link down at the fault time, up again after the fault's length.</summary>
    ControlCut,

    /// <summary>The control node SIGKILLed at the fault time and started again 2 s later, same journal.</summary>
    ControlRestart,

    /// <summary>Every route to and from gpu2 slow and lossy for the whole job (a cluster of its own).</summary>
    SlowLink,
}

/// <summary>A row of the fault benchmark: its name on the command line and in the table, and issue 19's target.</summary>
/// <param name="Target">The issue's job-time limit in seconds, for a fault-free warm job of <see cref="FaultScenario.IssueFaultFree"/> s; null where it sets none.</param>
internal sealed record FaultScenario(string Name, string Description, FaultKind Kind, double? Target)
{
    /// <summary>The fault-free warm job the issue's targets were set against, on the filer's machine.</summary>
    public const double IssueFaultFree = 11;

    public static IReadOnlyList<FaultScenario> All { get; } =
    [
        new("fault-free", "fault-free", FaultKind.None, null),
        new("gpu-cut", "gpu1 cut off", FaultKind.GpuCut, 25),
        new("gpu-kill", "gpu1 SIGKILLed, restarted after 2 s", FaultKind.GpuKill, null),
        new("control-cut", "control node cut off", FaultKind.ControlCut, 50),
        new("control-restart", "control node SIGKILLed, restarted after 2 s", FaultKind.ControlRestart, 25),
        new("slow-link", "slow lossy link to gpu2 (200 ms each way, 5 % loss)", FaultKind.SlowLink, null),
    ];
}

/// <summary>One timed job: <c>submit --wait</c> start → exit, how it ended, and (gpu cut or kill) the fault → re-send seconds.</summary>
/// <param name="Result"><c>identical</c>, <c>DIFFERENT</c>, <c>timeout</c> or <c>exit N</c>.</param>
/// <param name="Stall">The longest time between the job's first tile file and its exit in which no tile file was written.</param>
internal sealed record FaultJob(double Seconds, string Result, double? Resend, double Stall)
{
    public bool Identical => Result == "identical";

    public bool Finished => Result is "identical" or "DIFFERENT";
}
