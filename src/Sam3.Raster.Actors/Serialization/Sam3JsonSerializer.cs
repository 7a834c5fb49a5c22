using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace Sam3.Raster.Actors.Serialization;

/// <summary>
/// System.Text.Json for every <see cref="ISam3Message"/>, on the wire and in the journal. The
/// manifest names the type (<see cref="ProtocolManifests"/>); the JSON holds only data.
/// </summary>
public sealed class Sam3JsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Our serializer id: fixed forever (it is stored with every journal row). Ids below 100 are Akka's.</summary>
    public const int SerializerId = 3300;

    public const string Name = "sam3-json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        WriteIndented = false,
    };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => ProtocolManifests.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize(bytes, ProtocolManifests.TypeOf(manifest), Options)
        ?? throw new System.Runtime.Serialization.SerializationException($"empty payload for manifest '{manifest}'");
}
