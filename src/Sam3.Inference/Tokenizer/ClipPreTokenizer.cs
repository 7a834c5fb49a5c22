using System.Globalization;
using System.Text;

namespace Sam3.Inference.Tokenizer;

/// <summary>
/// CLIP's pre-tokenizer pattern <c>'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// (case-insensitive) written as a scanner over Unicode scalar values. A .NET regex would see a
/// character outside the BMP as two surrogates (category Cs, "not a letter"), splitting e.g.
/// mathematical or CJK-extension letters differently from Python's <c>regex</c>, which CLIP uses.
/// Alternatives are tried in the pattern's order at each position; unmatched whitespace is skipped.
/// </summary>
internal static class ClipPreTokenizer
{
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var contraction = Contraction(text, i);
            if (contraction > 0)
            {
                pieces.Add(text.Substring(i, contraction));
                i += contraction;
                continue;
            }

            var kind = Classify(text, i, out var width);
            switch (kind)
            {
                case Kind.Letter:
                    var end = Run(text, i, k => k == Kind.Letter);
                    pieces.Add(text[i..end]);
                    i = end;
                    break;
                case Kind.Number:
                    pieces.Add(text.Substring(i, width));
                    i += width;
                    break;
                case Kind.Other:
                    var stop = Run(text, i, k => k == Kind.Other);
                    pieces.Add(text[i..stop]);
                    i = stop;
                    break;
                default:
                    i += width;
                    break;
            }
        }

        return pieces;
    }

    /// <summary>
    /// Python's <c>str.lower()</c>: .NET's invariant lower-casing plus the two full mappings it lacks,
    /// İ → i̇ (two code points) and Σ → ς at the end of a word (Unicode's Final_Sigma, simplified to
    /// "after a letter and not before one").
    /// </summary>
    public static string Lower(string text)
    {
        var lower = text.ToLowerInvariant();
        if (text.AsSpan().IndexOfAny('\u0130', '\u03A3') < 0)
        {
            return lower;
        }

        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\u0130':
                    sb.Append("i\u0307");
                    break;
                case '\u03A3':
                    var final = i > 0 && char.IsLetter(text[i - 1]) && (i + 1 == text.Length || !char.IsLetter(text[i + 1]));
                    sb.Append(final ? '\u03C2' : '\u03C3');
                    break;
                default:
                    sb.Append(lower[i]);
                    break;
            }
        }

        return sb.ToString();
    }

    private enum Kind
    {
        Letter,
        Number,
        Other,
        Space,
    }

    private static int Contraction(string text, int i)
    {
        if (text[i] != '\'')
        {
            return 0;
        }

        foreach (var c in Contractions)
        {
            if (string.Compare(text, i, c, 0, c.Length, StringComparison.OrdinalIgnoreCase) == 0 && i + c.Length <= text.Length)
            {
                return c.Length;
            }
        }

        return 0;
    }

    private static int Run(string text, int start, Func<Kind, bool> same)
    {
        var i = start;
        while (i < text.Length && same(Classify(text, i, out var width)))
        {
            i += width;
        }

        return i;
    }

    private static Kind Classify(string text, int i, out int width)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out width) != System.Buffers.OperationStatus.Done)
        {
            width = 1; // a lone surrogate: neither letter, number nor space
            return Kind.Other;
        }

        if (Rune.IsWhiteSpace(rune))
        {
            return Kind.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }
}
