using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

/// <summary>
/// An independent, line-by-line port of CLIP's Python <c>SimpleTokenizer</c> (bytes_to_unicode,
/// get_pairs, bpe, encode) over the shared copy of the vocabulary, written without looking at the
/// product code's structure: the expected ids of the derived tokenizer cases come from here.
/// </summary>
internal static class ReferenceClipTokenizer
{
    private static readonly Lazy<(Dictionary<string, int> Encoder, Dictionary<string, int> Ranks, Dictionary<int, string> ByteEncoder)> State = new(Load);

    public static long[] Encode(string text, int contextLength = 32)
    {
        var (encoder, ranks, byteEncoder) = State.Value;
        var cleaned = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text.Normalize(NormalizationForm.FormC))).Trim();
        cleaned = Regex.Replace(cleaned, @"\s+", " ").Trim().ToLowerInvariant();
        var tokens = new List<long> { encoder["<start_of_text>"] };
        foreach (Match m in Regex.Matches(cleaned, @"'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase))
        {
            var token = string.Concat(Encoding.UTF8.GetBytes(m.Value).Select(b => byteEncoder[b]));
            tokens.AddRange(Bpe(token, ranks).Split(' ').Select(s => (long)encoder[s]));
        }

        tokens.Add(encoder["<end_of_text>"]);
        if (tokens.Count > contextLength)
        {
            tokens = tokens.Take(contextLength).ToList();
            tokens[^1] = encoder["<end_of_text>"];
        }

        var result = new long[contextLength];
        tokens.CopyTo(result);
        return result;
    }

    private static string Bpe(string token, Dictionary<string, int> ranks)
    {
        // word = tuple(token[:-1]) + (token[-1] + '</w>',) — over text elements of the byte-symbol string (all BMP chars)
        var word = token[..^1].Select(c => c.ToString()).ToList();
        word.Add(token[^1] + "</w>");
        var pairs = GetPairs(word);
        if (pairs.Count == 0)
        {
            return token + "</w>";
        }

        while (true)
        {
            var bigram = pairs.MinBy(p => ranks.TryGetValue(p.Item1 + " " + p.Item2, out var r) ? r : int.MaxValue);
            if (!ranks.ContainsKey(bigram.Item1 + " " + bigram.Item2))
            {
                break;
            }

            var (first, second) = bigram;
            var newWord = new List<string>();
            var i = 0;
            while (i < word.Count)
            {
                var j = word.IndexOf(first, i);
                if (j < 0)
                {
                    newWord.AddRange(word.Skip(i));
                    break;
                }

                newWord.AddRange(word.Skip(i).Take(j - i));
                i = j;
                if (word[i] == first && i < word.Count - 1 && word[i + 1] == second)
                {
                    newWord.Add(first + second);
                    i += 2;
                }
                else
                {
                    newWord.Add(word[i]);
                    i += 1;
                }
            }

            word = newWord;
            if (word.Count == 1)
            {
                break;
            }

            pairs = GetPairs(word);
        }

        return string.Join(' ', word);
    }

    private static List<(string, string)> GetPairs(List<string> word)
    {
        var pairs = new List<(string, string)>();
        for (var i = 1; i < word.Count; i++)
        {
            if (!pairs.Contains((word[i - 1], word[i])))
            {
                pairs.Add((word[i - 1], word[i]));
            }
        }

        return pairs;
    }

    private static (Dictionary<string, int>, Dictionary<string, int>, Dictionary<int, string>) Load()
    {
        // bytes_to_unicode()
        var bs = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToList();
        var cs = bs.ToList();
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!bs.Contains(b))
            {
                bs.Add(b);
                cs.Add(256 + n);
                n++;
            }
        }

        var byteEncoder = bs.Zip(cs).ToDictionary(p => p.First, p => ((char)p.Second).ToString());

        using var gz = new GZipStream(File.OpenRead(TestPaths.ClipVocabulary), CompressionMode.Decompress);
        var lines = new StreamReader(gz, Encoding.UTF8).ReadToEnd().Split('\n');
        var merges = lines[1..(49152 - 256 - 2 + 1)].Select(l => l.Split(' ')).ToList();
        var vocab = bs.Select(b => byteEncoder[b]).ToList();
        vocab.AddRange(vocab.Select(v => v + "</w>").ToList());
        vocab.AddRange(merges.Select(m => m[0] + m[1]));
        vocab.Add("<start_of_text>");
        vocab.Add("<end_of_text>");
        var encoder = vocab.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var ranks = merges.Select((m, i) => (m, i)).ToDictionary(p => p.m[0] + " " + p.m[1], p => p.i);
        return (encoder, ranks, byteEncoder);
    }
}
