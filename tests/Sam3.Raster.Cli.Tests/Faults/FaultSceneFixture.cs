namespace Sam3.Raster.Cli.Tests.Faults;

/// <summary>
/// The heavy model on a 6000 px scene (49 tiles) and its one-node output: a job long enough that a
/// fault at its first tile finds tiles in flight on every gpu node, on a 2-core CI machine too.
/// </summary>
public sealed class FaultSceneFixture : IDisposable
{
    public HeavySceneFixture Scene { get; } = new(6000);

    public void Dispose() => Scene.Dispose();
}
