using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Sam3.Inference.Contract;

namespace Sam3.Inference.Tokenizer;

/// <summary>
/// SAM3's text tokenizer (CLIP BPE), bit-exact with its Python <c>SimpleTokenizer</c> for the
/// cleaning DESIGN.md §2 specifies: NFC, HTML-unescape twice, collapse whitespace, trim,
/// lower-case (as Python's str.lower); then CLIP's pre-tokenizer pattern over code points and byte-level BPE with <c>&lt;/w&gt;</c>.
/// Our own BPE over the merges (a few dozen lines) rather than a library configuration, so the
/// exact merge order is visible and no library default can change it.
/// Thread-safe; load once through <see cref="Shared"/>.
/// </summary>
public sealed partial class ClipTokenizer
{
    private static readonly Lazy<ClipTokenizer> SharedInstance = new(() => new ClipTokenizer(ClipVocabulary.Embedded()));

    private readonly ClipVocabulary vocabulary;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    private ClipTokenizer(ClipVocabulary vocabulary) => this.vocabulary = vocabulary;

    /// <summary>The tokenizer over the vocabulary embedded in this assembly.</summary>
    public static ClipTokenizer Shared => SharedInstance.Value;

    public const long StartOfText = ClipVocabulary.StartOfText;
    public const long EndOfText = ClipVocabulary.EndOfText;

    /// <summary>
    /// Exactly <see cref="ModelContract.TokenLength"/> ids: start, BPE ids, end, zero padding;
    /// too long a text is cut with its last id forced to end-of-text, as SAM3 does.
    /// </summary>
    public long[] Encode(string text)
    {
        var ids = new long[ModelContract.TokenLength];
        Encode(text, ids);
        return ids;
    }

    /// <summary>Writes the ids of <paramref name="text"/> into <paramref name="destination"/> (length 32).</summary>
    public void Encode(string text, Span<long> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (destination.Length != ModelContract.TokenLength)
        {
            throw new ArgumentException($"token destination must hold {ModelContract.TokenLength} ids, not {destination.Length}", nameof(destination));
        }

        destination.Clear();
        destination[0] = StartOfText;
        var n = 1;
        foreach (var word in ClipPreTokenizer.Split(Clean(text)))
        {
            foreach (var id in WordIds(word))
            {
                if (n == destination.Length)
                {
                    destination[^1] = EndOfText;
                    return;
                }

                destination[n++] = id;
            }
        }

        if (n == destination.Length)
        {
            destination[^1] = EndOfText;
        }
        else
        {
            destination[n] = EndOfText;
        }
    }

    /// <summary>
    /// How many tokens <paramref name="text"/> has between the start and end markers. The model reads
    /// at most <see cref="ModelContract.TokenLength"/> − 2 of them; <see cref="Encode(string, Span{long})"/>
    /// drops the rest, as CLIP does.
    /// </summary>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ClipPreTokenizer.Split(Clean(text)).Sum(word => WordIds(word).Length);
    }

    /// <summary>NFC, HTML-unescape twice, collapse whitespace, trim, lower-case (SAM3's basic and whitespace clean).</summary>
    public static string Clean(string text)
    {
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text.Normalize(NormalizationForm.FormC)));
        return ClipPreTokenizer.Lower(Whitespace().Replace(unescaped, " ").Trim());
    }

    private int[] WordIds(string word) => cache.GetOrAdd(word, Bpe);

    /// <summary>
    /// CLIP's <c>bpe</c>: split the word's UTF-8 bytes into byte symbols, the last with
    /// <c>&lt;/w&gt;</c>; repeatedly merge every occurrence of the lowest-ranked adjacent pair.
    /// </summary>
    private int[] Bpe(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        var symbols = new List<string>(bytes.Length);
        foreach (var b in bytes)
        {
            symbols.Add(vocabulary.ByteSymbols[b]);
        }

        symbols[^1] += "</w>";
        while (symbols.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (vocabulary.Ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            var (left, right) = (symbols[best], symbols[best + 1]);
            var merged = new List<string>(symbols.Count);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }

            symbols = merged;
        }

        return symbols.Select(s => vocabulary.Ids[s]).ToArray();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
