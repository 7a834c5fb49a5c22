namespace Sam3.Raster.Api;

/// <summary>The body of every 4xx answer: one line naming what is wrong.</summary>
public sealed record ApiError(string Error);
