namespace Sam3.Inference.Decoding;

/// <summary>A query whose score passed the threshold: output row <see cref="Row"/> (image · P + prompt), query <see cref="Query"/>.</summary>
public readonly record struct KeptQuery(int Row, int Query, float Score);
