namespace Sam3.Raster.TestSupport.Http;

/// <summary>
/// Connections dropped in the middle of a read: the next <paramref name="Times"/> ranged GETs whose
/// range covers byte <paramref name="Offset"/> each send <paramref name="AfterBytes"/> bytes of
/// their body, then the connection is cut, as a flaky network or a restarted server does. Aiming
/// at an offset inside a COG's pixel data lets the header and other blocks through.
/// </summary>
public sealed record RangeFault(long Offset, long AfterBytes, int Times = 1);
