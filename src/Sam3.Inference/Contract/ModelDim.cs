using System.Globalization;

namespace Sam3.Inference.Contract;

/// <summary>
/// One dimension as a model declares it: a fixed size, or dynamic (size −1) with an optional
/// symbolic name such as <c>B</c>.
/// </summary>
public sealed record ModelDim(long Size, string? Symbol)
{
    public bool IsDynamic => Size < 0;

    public override string ToString() =>
        !IsDynamic ? Size.ToString(CultureInfo.InvariantCulture)
        : string.IsNullOrEmpty(Symbol) ? "?" : Symbol;
}
