namespace Sam3.Raster.Actors.Serialization;

/// <summary>
/// A message or event that may cross the wire or reach the journal. Every concrete type has a
/// manifest in <see cref="ProtocolManifests"/>, and <see cref="Sam3JsonSerializer"/> is bound to
/// this interface. Such messages carry references (scene path, tile id, window), never pixels.
/// </summary>
public interface ISam3Message;
