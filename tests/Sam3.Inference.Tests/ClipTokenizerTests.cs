using System.Text.Json;
using Sam3.Inference.Tokenizer;
using Sam3.Raster.TestSupport;

namespace Sam3.Inference.Tests;

public sealed class ClipTokenizerTests
{
    private static long[] Padded(params long[] ids)
    {
        var result = new long[32];
        ids.CopyTo(result, 0);
        return result;
    }

    [Theory]
    [InlineData("a photo of a cat", new long[] { 49406, 320, 1125, 539, 320, 2368, 49407 })]
    [InlineData("building", new long[] { 49406, 2307, 49407 })]
    [InlineData("café", new long[] { 49406, 15304, 49407 })]
    [InlineData("", new long[] { 49406, 49407 })]
    [InlineData("red", new long[] { 49406, 736, 49407 })]
    [InlineData("green", new long[] { 49406, 1901, 49407 })]
    [InlineData("blue", new long[] { 49406, 1746, 49407 })]
    public void Encodes_known_CLIP_ids(string text, long[] expected) =>
        Assert.Equal(Padded(expected), ClipTokenizer.Shared.Encode(text));

    [Fact]
    public void Long_prompts_are_cut_to_32_ids_ending_with_end_of_text()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => i % 2 == 0 ? "building" : "roof"));
        var ids = ClipTokenizer.Shared.Encode(text);
        Assert.Equal(32, ids.Length);
        Assert.Equal(49406, ids[0]);
        Assert.Equal(49407, ids[31]);
        Assert.DoesNotContain(0L, ids);
        Assert.Equal(ReferenceClipTokenizer.Encode(text), ids);
    }

    [Theory]
    [InlineData("a photo of a cat", 5)]
    [InlineData("", 0)]
    [InlineData("2024", 4)]
    [InlineData("antidisestablishmentarianism", -1)]
    public void Counts_the_tokens_between_the_markers(string text, int expected)
    {
        // -1: as many as the reference encodes (a long word of several merges).
        int reference = ReferenceClipTokenizer.Encode(text).Count(id => id != 0) - 2;
        Assert.Equal(expected < 0 ? reference : expected, ClipTokenizer.Shared.CountTokens(text));
        Assert.Equal(60, ClipTokenizer.Shared.CountTokens(string.Join(' ', Enumerable.Repeat("building", 60))));
    }

    [Theory]
    [InlineData("2024 buildings")] // digits split one per token
    [InlineData("don't stop, we're here")] // apostrophe contractions
    [InlineData("fish &amp; chips")] // HTML entity
    [InlineData("fish &amp;amp; chips")] // double-escaped entity
    [InlineData("东京 タワー 서울")] // CJK, kana, hangul
    [InlineData("solar panel ☀️🏠")] // emoji (surrogate pairs) and variation selector
    [InlineData("  Solar\tPANELS \n on   roofs  ")] // whitespace collapse, case
    [InlineData("naïve façade, Zürich")] // Latin letters with diacritics
    [InlineData("swimming-pool #3 (blue)")] // punctuation runs
    [InlineData("antidisestablishmentarianism")] // long word, many merges
    public void Matches_the_reference_CLIP_tokenizer(string text) =>
        Assert.Equal(ReferenceClipTokenizer.Encode(text), ClipTokenizer.Shared.Encode(text));

    [Fact]
    public void Digits_are_one_token_each()
    {
        var ids = ClipTokenizer.Shared.Encode("2024");
        Assert.Equal(6, ids.Count(id => id != 0)); // start, 2, 0, 2, 4, end
        Assert.Equal(ids[1], ids[3]); // both '2'
    }

    [Fact]
    public void Decomposed_input_tokenizes_like_composed_input() =>
        Assert.Equal(ClipTokenizer.Shared.Encode("caf\u00e9"), ClipTokenizer.Shared.Encode("cafe\u0301"));

    [Fact]
    public void Double_escaped_html_unescapes_twice() =>
        Assert.Equal(ClipTokenizer.Shared.Encode("fish & chips"), ClipTokenizer.Shared.Encode("fish &amp;amp; chips"));

    [Fact]
    public void Prompt_set_lays_out_one_row_of_32_ids_per_prompt()
    {
        var prompts = PromptSet.Create(["red", "a photo of a cat"]);
        Assert.Equal(2, prompts.Count);
        Assert.Equal(ClipTokenizer.Shared.Encode("red"), prompts.TokenIds.Span[..32].ToArray());
        Assert.Equal(ClipTokenizer.Shared.Encode("a photo of a cat"), prompts.TokenIds.Span[32..].ToArray());
    }

    /// <summary>
    /// Texts that stress what the C# port could get wrong against CLIP's own Python algorithm
    /// (tests/Sam3.Inference.Tests/clip_reference.py, run by Debian's python3): code points outside
    /// the BMP, full lower-casing, contractions, digits, entities, long words, truncation.
    /// </summary>
    [Fact]
    public void Matches_CLIPs_python_tokenizer_on_varied_text()
    {
        string[] texts =
        [
            "a photo of a cat", "building", "café", "", "   ",
            "2024 buildings, 3.5 km² and 12,000 m", "don't stop, we're here, I'M sure, it'll do, you'd see, they've 'em",
            "fish &amp; chips", "fish &amp;amp; chips &lt;b&gt; &#39;quoted&#39; &nbsp;x",
            "东京 タワー 서울 北京市", "solar panel ☀️🏠 👩‍👩‍👧 🇧🇷", "𝐀𝐁𝐂 road", "𠀀𠀁 field", "road𝐀𝐁 x𠀀y, 𝐀-𝐁", "𐐀𐐨 Deseret",
            "ΟΔΟΣ ΚΑΙ ΣΟΦΙΑ", "İstanbul İZMİR", "ǅemal Ǳ", "Straße STRASSE", "naïve façade, Zürich, ØRESUND",
            "cafe\u0301 vs café", "  Solar\tPANELS \n on   roofs  ", "swimming-pool #3 (blue) -- 'quoted' ''s",
            "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
            string.Join(' ', Enumerable.Repeat("red roof", 30)),
            "x\u00a0y\u2003z\u3000w", "١٢٣ ٤ arabic digits ⅻ ½", "emoji+text:🙂smile",
        ];
        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "Sam3.Inference.Tests", "clip_reference.py");

        var output = ProcessRunner.RunChecked("/usr/bin/python3", script, TestPaths.ClipVocabulary, JsonSerializer.Serialize(texts));

        var expected = JsonSerializer.Deserialize<long[][]>(output)!;
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(expected[i].SequenceEqual(ClipTokenizer.Shared.Encode(texts[i])),
                $"{texts[i]}: python {string.Join(' ', expected[i].Where(id => id != 0))}, ours {string.Join(' ', ClipTokenizer.Shared.Encode(texts[i]).Where(id => id != 0))}");
        }
    }
}
