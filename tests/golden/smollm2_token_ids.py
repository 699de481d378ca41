# Makes smollm2_token_ids.json: python3 smollm2_token_ids.py SmolLM2-135M-Instruct.Q4_1.gguf > smollm2_token_ids.json
# (pip install gguf tokenizers). The reference is Hugging Face tokenizers, not our code.
import json, sys
from gguf import GGUFReader
from tokenizers import Tokenizer, AddedToken
from tokenizers.models import BPE
from tokenizers import pre_tokenizers, decoders
r = GGUFReader(sys.argv[1])
def strs(k):
    f = r.fields[k]
    return [bytes(f.parts[i]).decode() for i in f.data]
def ints(k):
    f = r.fields[k]
    return [int(f.parts[i][0]) for i in f.data]
tokens = strs("tokenizer.ggml.tokens"); merges = strs("tokenizer.ggml.merges"); types = ints("tokenizer.ggml.token_type")
vocab = {t: i for i, t in enumerate(tokens)}
tok = Tokenizer(BPE(vocab, [tuple(m.split(" ", 1)) for m in merges], fuse_unk=False))
tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
tok.decoder = decoders.ByteLevel()
tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t, ty in zip(tokens, types) if ty == 3])
texts = [
 "Hello world",
 "Your Premium Squeaky Dog Toy is back in stock!",
 "  leading spaces and\ttabs\nnew lines\n\n",
 "Save 20% on Oakmere \u2014 ends Sunday \U0001F389",
 "na\u00efve caf\u00e9 fa\u00e7ade, \u00dcn\u00efc\u00f6d\u00e9: \u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",
 "<|im_start|>user\nWrite a push for a 4.99 mug<|im_end|>\n<|im_start|>assistant\n",
 "don't we'll I'M they're 12345 3.14159",
 "{product} from {brand} at {price}",
 "emoji \U0001F44D\U0001F3FD\U0001F468\u200d\U0001F469\u200d\U0001F467 and symbols \u00a9\u00ae\u2122 \u2265 \u2264",
 "   ",
 "Grab it before it's gone\u2026 #deal @shop https://example.com/p?id=42&x=1",
]
out = {"model": "SmolLM2-135M-Instruct.Q4_1.gguf", "made_with": "huggingface tokenizers " + __import__("tokenizers").__version__ + ": BPE from the GGUF vocab and merges, Digits(individual) + ByteLevel pre-tokenizer, control tokens as specials",
 "cases": [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids} for t in texts]}
for c in out["cases"]:
    assert tok.decode(c["ids"], skip_special_tokens=False) == c["text"], c
print(json.dumps(out, ensure_ascii=False, indent=1))
