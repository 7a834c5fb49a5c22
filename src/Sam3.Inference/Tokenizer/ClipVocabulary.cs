using System.IO.Compression;

namespace Sam3.Inference.Tokenizer;

/// <summary>
/// CLIP's BPE vocabulary built exactly as CLIP's <c>SimpleTokenizer</c> builds it: the 256 byte
/// symbols in <c>bytes_to_unicode</c> order, the same with <c>&lt;/w&gt;</c>, one symbol per merge
/// (merge lines 2..48895), then the two special tokens. Ids are positions in that list.
/// </summary>
internal sealed class ClipVocabulary
{
    public const int MergeCount = 49152 - 256 - 2;
    public const int StartOfText = 49406;
    public const int EndOfText = 49407;
    private const string ResourceName = "Sam3.Inference.bpe_simple_vocab_16e6.txt.gz";

    private ClipVocabulary(Dictionary<string, int> ids, Dictionary<(string, string), int> ranks, string[] byteSymbols)
    {
        Ids = ids;
        Ranks = ranks;
        ByteSymbols = byteSymbols;
    }

    /// <summary>Symbol → id.</summary>
    public Dictionary<string, int> Ids { get; }

    /// <summary>Merge pair → rank (lower merges first).</summary>
    public Dictionary<(string Left, string Right), int> Ranks { get; }

    /// <summary>The printable symbol CLIP uses for each byte value.</summary>
    public string[] ByteSymbols { get; }

    /// <summary>The copy embedded in this assembly (the product never reads shared data at run time).</summary>
    public static ClipVocabulary Embedded()
    {
        using var stream = typeof(ClipVocabulary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(ClipVocabulary).Assembly.GetName().Name}");
        return Load(stream);
    }

    public static ClipVocabulary Load(Stream gzipped)
    {
        using var gzip = new GZipStream(gzipped, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        reader.ReadLine(); // version header
        var merges = new List<(string, string)>(MergeCount);
        while (merges.Count < MergeCount && reader.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            merges.Add((line[..space], line[(space + 1)..]));
        }

        var byteSymbols = BytesToUnicode();
        var ordered = ByteOrder();
        var ids = new Dictionary<string, int>(EndOfText + 1, StringComparer.Ordinal);
        foreach (var b in ordered)
        {
            ids.Add(byteSymbols[b], ids.Count);
        }

        foreach (var b in ordered)
        {
            ids.Add(byteSymbols[b] + "</w>", ids.Count);
        }

        var ranks = new Dictionary<(string, string), int>(merges.Count);
        foreach (var merge in merges)
        {
            ranks.Add(merge, ranks.Count);
            ids.Add(merge.Item1 + merge.Item2, ids.Count);
        }

        ids.Add("<start_of_text>", ids.Count);
        ids.Add("<end_of_text>", ids.Count);
        return new ClipVocabulary(ids, ranks, byteSymbols);
    }

    /// <summary>
    /// GPT-2/CLIP <c>bytes_to_unicode</c>: printable bytes map to themselves, the others to
    /// code points from 256 up, so every byte has a visible, non-space symbol.
    /// </summary>
    private static string[] BytesToUnicode()
    {
        var symbols = new string[256];
        var next = 256;
        foreach (var b in ByteOrder())
        {
            symbols[b] = IsPrintable(b) ? ((char)b).ToString() : ((char)next++).ToString();
        }

        return symbols;
    }

    /// <summary>The order of <c>bytes_to_unicode().values()</c>: printable ranges first, then the rest ascending.</summary>
    private static List<int> ByteOrder()
    {
        var order = Enumerable.Range(0, 256).Where(IsPrintable).ToList();
        order.AddRange(Enumerable.Range(0, 256).Where(b => !IsPrintable(b)));
        return order;
    }

    private static bool IsPrintable(int b) => b is (>= '!' and <= '~') or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
}
