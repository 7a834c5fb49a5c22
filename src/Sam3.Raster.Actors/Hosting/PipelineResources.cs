using Sam3.Raster.Actors.Pipeline;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// What the pipeline actors of a node share: the model sessions of each inference device (one
/// <see cref="SessionCache"/> per device, one GPU actor each), the patch buffers (one pool: a patch
/// is read before anyone knows which device will run it) and a count of the tiles it stored.
/// </summary>
public sealed class PipelineResources : IDisposable
{
    public PipelineResources(IReadOnlyList<SessionCache> devices, PatchBufferPool patches)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            throw new ArgumentException("a node needs at least one inference device", nameof(devices));
        }

        Devices = devices;
        Patches = patches;
    }

    /// <summary>One session cache per device, in the order the device setting names them; GPU actor <c>gpu-i</c> runs on the i-th.</summary>
    public IReadOnlyList<SessionCache> Devices { get; }

    /// <summary>The first device's sessions, for callers that need only one.</summary>
    public SessionCache Sessions => Devices[0];

    public PatchBufferPool Patches { get; }

    public TileCounter Processed { get; } = new();

    /// <summary>The cancelled job runs whose tiles this node's pipeline drops.</summary>
    public DroppedJobs Dropped { get; } = new();

    /// <summary>The node's own model (<c>--model</c>), once <see cref="OpenModel"/> opened it; null otherwise.</summary>
    public string? DefaultModel { get; private set; }

    /// <summary>Where <see cref="DefaultModel"/> runs, as <see cref="OpenModel"/> said.</summary>
    public string? DefaultModelDevice { get; private set; }

    /// <summary>
    /// Whether a device's model runs on the CPU, sharing the cores with the readers: known from the
    /// device setting (<c>cpu</c>, <c>cuda</c>), or for <c>auto</c> once the model is open
    /// (<see cref="OpenModel"/>; an <c>auto</c> device with no model open yet counts as a GPU).
    /// </summary>
    public bool ModelOnCpu => Devices.Any(d => d.RunsOnCpu == true);

    public static PipelineResources For(PipelineSettings settings, int patchLength) => new(
        [.. DeviceList.Parse(settings.Device).Devices.Select(d => new SessionCache(d, settings.Batch, settings.ModelThreadsSpin))],
        new PatchBufferPool(patchLength, retained: settings.MaxInFlightTiles, ringSlots: settings.MaxInFlightTiles + settings.Batch));

    /// <summary>
    /// Opens the model on every device, so that a bad model or an unavailable device fails before
    /// any work rather than on the first batch that reaches it. Says where the model runs: the
    /// device's description alone for one device (e.g. <c>CPU</c>), each GPU actor's otherwise.
    /// </summary>
    public string OpenModel(string modelPath)
    {
        var descriptions = Devices.Select(d => d.Get(modelPath).DeviceDescription).ToList();
        string device = descriptions.Count == 1
            ? descriptions[0]
            : string.Join(", ", descriptions.Select((d, i) => $"{Sam3PipelineExtensions.GpuActorName(i)}: {d}"));
        DefaultModel = modelPath;
        DefaultModelDevice = device;
        return device;
    }

    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Dispose();
        }
    }
}
