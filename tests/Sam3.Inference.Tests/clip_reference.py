"""CLIP's SimpleTokenizer as SAM3 uses it (sam3/model/tokenizer_ve.py), minus ftfy (DESIGN.md §2
specifies NFC instead): the independent reference for ClipTokenizerTests, in Python, which sees
text as code points (not UTF-16) and lower-cases with full Unicode rules (final sigma, dotted I).
CLIP's pattern  's|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+  (case-insensitive) is
written out as a scanner over Unicode categories, because the `regex` module is not installed here.
Input: vocabulary path as argv[1], a JSON list of texts as argv[2]. Output: a JSON list of id lists."""
import gzip
import html
import json
import sys
import unicodedata



def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def get_pairs(word):
    pairs = set()
    prev = word[0]
    for char in word[1:]:
        pairs.add((prev, char))
        prev = char
    return pairs


CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def is_letter(c):
    return unicodedata.category(c).startswith("L")


def is_number(c):
    return unicodedata.category(c).startswith("N")


def pretokenize(text):
    """re.findall of CLIP's pattern: alternatives tried in order at each position, whitespace skipped."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        contraction = next((k for k in CONTRACTIONS if text[i : i + len(k)].lower() == k), None)
        if contraction:
            out.append(text[i : i + len(contraction)])
            i += len(contraction)
        elif is_letter(c):
            j = i
            while j < n and is_letter(text[j]):
                j += 1
            out.append(text[i:j])
            i = j
        elif is_number(c):
            out.append(c)
            i += 1
        elif not c.isspace():
            j = i
            while j < n and not (text[j].isspace() or is_letter(text[j]) or is_number(text[j])):
                j += 1
            out.append(text[i:j])
            i = j
        else:
            i += 1
    return out


class SimpleTokenizer:
    def __init__(self, bpe_path):
        self.byte_encoder = bytes_to_unicode()
        merges = gzip.open(bpe_path).read().decode("utf-8").split("\n")
        merges = [tuple(m.split()) for m in merges[1 : 49152 - 256 - 2 + 1]]
        vocab = list(bytes_to_unicode().values())
        vocab = vocab + [v + "</w>" for v in vocab]
        for merge in merges:
            vocab.append("".join(merge))
        vocab.extend(["<start_of_text>", "<end_of_text>"])
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.bpe_ranks = dict(zip(merges, range(len(merges))))

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        pairs = get_pairs(word)
        if not pairs:
            return token + "</w>"
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        return " ".join(word)

    def encode(self, text):
        text = unicodedata.normalize("NFC", text)
        text = html.unescape(html.unescape(text)).strip()
        text = " ".join(text.split()).strip().lower()
        ids = []
        for token in pretokenize(text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token).split(" "))
        return ids

    def __call__(self, text, context_length=32):
        tokens = [self.encoder["<start_of_text>"]] + self.encode(text) + [self.encoder["<end_of_text>"]]
        if len(tokens) > context_length:
            tokens = tokens[:context_length]
            tokens[-1] = self.encoder["<end_of_text>"]
        return tokens + [0] * (context_length - len(tokens))


if __name__ == "__main__":
    tok = SimpleTokenizer(sys.argv[1])
    print(json.dumps([tok(t) for t in json.loads(sys.argv[2])]))
