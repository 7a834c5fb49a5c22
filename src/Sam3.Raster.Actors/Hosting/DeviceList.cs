using Sam3.Inference.Session;

namespace Sam3.Raster.Actors.Hosting;

/// <summary>
/// The inference devices of a node, one GPU actor each: one device string (<c>auto</c>, <c>cpu</c>,
/// <c>cuda</c>, <c>cuda:N</c>) or several separated by commas (<c>cuda:0,cuda:1</c>).
/// <list type="bullet">
/// <item>A CUDA device named twice is refused (<c>cuda</c> is <c>cuda:0</c>): two sessions on one
/// card would only compete for it.</item>
/// <item><c>cpu</c> may repeat: each is its own CPU session, which lets a machine without GPUs run
/// (and test) several GPU actors.</item>
/// <item><c>auto</c> stands alone: which device it becomes is known only when the session opens.</item>
/// </list>
/// </summary>
public sealed class DeviceList
{
    private const string Accepted = "auto, cpu, cuda or cuda:N, or a comma-separated list such as cuda:0,cuda:1";

    private DeviceList(IReadOnlyList<ExecutionDevice> devices) => Devices = devices;

    public IReadOnlyList<ExecutionDevice> Devices { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="setting"/> names where it came from in the messages (an option or a config key).</summary>
    public static DeviceList Parse(string text, string setting = "device")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Any(p => p.Length == 0))
        {
            throw new ArgumentException(parts.Length == 1
                ? $"{setting} is empty: use {Accepted}"
                : $"{setting} has an empty element in '{text}': use {Accepted}");
        }

        var devices = new List<ExecutionDevice>();
        foreach (var part in parts)
        {
            ExecutionDevice device;
            try
            {
                device = ExecutionDevice.Parse(part);
            }
            catch (ArgumentException)
            {
                throw new ArgumentException(parts.Length == 1
                    ? $"{setting} must be {Accepted}, got '{text}'"
                    : $"{setting} names an unknown device '{part}' in '{text}': use {Accepted}");
            }

            if (device.Kind == DeviceKind.Cuda && devices.Contains(device))
            {
                throw new ArgumentException($"{setting} names {device} twice in '{text}': one GPU actor per CUDA device");
            }

            devices.Add(device);
        }

        if (devices.Count > 1 && devices.Contains(ExecutionDevice.Auto))
        {
            throw new ArgumentException($"{setting} cannot combine auto with other devices, got '{text}': name the devices (cuda:0,cuda:1) or use auto alone");
        }

        return new DeviceList(devices);
    }

    /// <summary>The normalized form, e.g. <c>cuda:0,cuda:1</c>; it parses back to the same list.</summary>
    public override string ToString() => string.Join(',', Devices);
}
