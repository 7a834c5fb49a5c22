namespace Sam3.Inference.Decoding;

/// <summary>
/// One kept query: image <see cref="Image"/> of the batch, prompt <see cref="Prompt"/>, query
/// <see cref="Query"/>, its score, box and mask in patch pixels. <see cref="Mask"/> is null when
/// the upsampled mask has no object pixel (the box alone is then all there is).
/// </summary>
public sealed record Detection(int Image, int Prompt, int Query, float Score, PixelBox Box, DetectionMask? Mask);
