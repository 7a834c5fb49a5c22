namespace Sam3.Inference.Onnx;

/// <summary>
/// One initializer (TensorProto) of a model being built: written with its bytes inline
/// (<c>raw_data</c>), or, when external data is asked for and it is not small, with <c>data_location = EXTERNAL</c> and location/offset/length entries
/// pointing into the weights file an <see cref="ExternalDataWriter"/> appends them to.
/// </summary>
internal sealed record InitializerData(string Name, OnnxDataType Type, long[] Dims, byte[] Raw)
{
    // TensorProto field numbers (onnx/onnx.proto).
    private const int DimsField = 1;
    private const int DataTypeField = 2;
    private const int NameField = 8;
    private const int RawDataField = 9;
    private const int ExternalDataField = 13;
    private const int DataLocationField = 14;
    private const int DataLocationExternal = 1;

    public void Write(ProtoWriter tensor, ExternalDataWriter? external)
    {
        tensor.PackedInts(DimsField, Dims).Int(DataTypeField, (int)Type).String(NameField, Name);
        if (external is null || Raw.Length < ExternalDataWriter.MinimumBytes)
        {
            tensor.Bytes(RawDataField, Raw);
            return;
        }

        var offset = external.Append(Raw);
        tensor
            .Message(ExternalDataField, Entry("location", external.Location))
            .Message(ExternalDataField, Entry("offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Message(ExternalDataField, Entry("length", Raw.LongLength.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Int(DataLocationField, DataLocationExternal);
    }

    // StringStringEntryProto: key = 1, value = 2.
    private static Action<ProtoWriter> Entry(string key, string value) => e => e.String(1, key).String(2, value);
}
