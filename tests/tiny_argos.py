"""Build tiny but real argostranslate packages (.argosmodel) offline, in about a second.

The CTranslate2 transformer is not trained: its weights are set by hand so that decoder step t
attends to source position t (position codes as queries and keys) and copies that source token,
swapping whole-word pieces found in a lexicon. The SentencePiece model is trained on a few
sentences with every lexicon word as one piece. So "Der Präsident sprach." becomes exactly
"The president spoke.", through the real tokenizer, CTranslate2 and argos package code.

`TINY` (1+1 layers) is what the tests use; `ARGOS_SIZE` gives the same copy path inside a model
of argos' real size, whose other weights are small random numbers: benchmarks/mt_throughput.py
measures speed on it and still checks exact outputs.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LEXICONS: dict[tuple[str, str], dict[str, str]] = {
    ("de", "en"): {
        "Der": "The",
        "Die": "The",
        "Präsident": "president",
        "sprach": "spoke",
        "Regierung": "government",
        "und": "and",
        "heute": "today",
        "ist": "is",
        "Stadt": "city",
        "sagte": "said",
        "Minister": "minister",
        "Woche": "week",
        "Parlament": "parliament",
        "Gesetz": "law",
        "Soldaten": "soldiers",
    },
    ("en", "fr"): {
        "The": "Le",
        "president": "président",
        "spoke": "parla",
        "government": "gouvernement",
        "and": "et",
        "today": "aujourd'hui",
        "is": "est",
        "city": "ville",
        "said": "dit",
        "minister": "ministre",
        "week": "semaine",
        "parliament": "parlement",
        "law": "loi",
        "soldiers": "soldats",
    },
    ("en", "es"): {
        "The": "El",
        "president": "presidente",
        "spoke": "habló",
        "government": "gobierno",
        "and": "y",
        "today": "hoy",
        "is": "es",
        "city": "ciudad",
        "said": "dijo",
        "minister": "ministro",
        "week": "semana",
        "parliament": "parlamento",
        "law": "ley",
        "soldiers": "soldados",
    },
}

CORPUS = [
    "Der Präsident sprach heute vor dem Parlament in Berlin.",
    "Die Regierung plant ein neues Gesetz für den Klimaschutz.",
    "Nach Angaben der Polizei wurde niemand verletzt, sagte der Minister.",
    "Die Preise für Lebensmittel sind im Oktober um 10.000 Euro gestiegen.",
    "The president spoke today in front of parliament in Berlin.",
    "The government plans a new law, the minister said this week.",
    "Le président a parlé aujourd'hui devant le parlement.",
    "El presidente habló hoy ante el parlamento en la ciudad.",
]

SPECIALS = ["<unk>", "<s>", "</s>", "<blank>"]


@dataclass(frozen=True)
class ModelSize:
    """Transformer dimensions. The copy mechanism uses one attention head of TOKEN_DIM (=
    POSITION_DIM) dimensions; any further layers, heads, FFN width, model width and vocabulary
    get small random weights: they cost what they cost in a real model and change nothing."""

    layers: tuple[int, int] = (1, 1)
    heads: int = 1
    ffn: int = 4
    d_model: int = 384
    vocabulary: int = 0  # pad the vocabulary to this size (0: the SentencePiece pieces only)
    max_length: int = 1024  # CTranslate2 truncates longer input (max_input_length)


TINY = ModelSize()
# The size of argos' released models (translate-de_en 1.x: 6+6 layers, d512, 8 heads, FFN 2048).
ARGOS_SIZE = ModelSize(layers=(6, 6), heads=8, ffn=2048, d_model=512, vocabulary=32000,
                       max_length=1024)  # fmt: skip
TOKEN_DIM = POSITION_DIM = 64


def train_sentencepiece(corpus: list[str] = CORPUS, vocab_size: int = 400) -> bytes:
    """A SentencePiece model in which every lexicon word is one piece."""
    import sentencepiece as spm

    words = sorted({w for lexicon in LEXICONS.values() for pair in lexicon.items() for w in pair})
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus * 4),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,
        user_defined_symbols=["▁" + w for w in words],
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        num_threads=1, minloglevel=2,
    )  # fmt: skip
    return model.getvalue()


def _vocabulary(sp_model: bytes, size: int) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab = SPECIALS + [p for p in pieces if p not in SPECIALS]
    return vocab + [f"<unused{i}>" for i in range(size - len(vocab))]


def _set_linear(layer, weight: np.ndarray) -> None:
    layer.weight = np.ascontiguousarray(weight, dtype=np.float32)
    layer.bias = np.zeros(weight.shape[0], np.float32)


def _set_norm(layer, d: int) -> None:
    layer.gamma = np.ones(d, np.float32)
    layer.beta = np.zeros(d, np.float32)


def _copy_spec(vocab: list[str], lexicon: dict[str, str], model: ModelSize):
    """A TransformerSpec whose first decoder layer copies source tokens through a lexicon."""
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(7)
    t, p, d, size, max_len = TOKEN_DIM, POSITION_DIM, model.d_model, len(vocab), model.max_length

    def noise(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 1e-3).astype(np.float32)

    # Stream layout, each block with its negation so LayerNorm only rescales:
    # [token | -token | position | -position | copied | -copied]
    codes = rng.standard_normal((size, t))
    codes *= np.sqrt(t) / np.linalg.norm(codes, axis=1, keepdims=True)
    embeddings = np.zeros((size, d), np.float32)
    embeddings[:, :t], embeddings[:, t : 2 * t] = codes, -codes
    steps = np.arange(max_len)[:, None]
    freqs = rng.uniform(0.5, 3.0, p // 2)
    position = np.concatenate([np.sin(steps * freqs), np.cos(steps * freqs)], 1) * np.sqrt(2)
    positions = np.zeros((max_len, d), np.float32)
    positions[:, 2 * t : 2 * t + p], positions[:, 2 * t + p : 2 * t + 2 * p] = position, -position

    spec = transformer_spec.TransformerSpec.from_config(model.layers, model.heads)
    spec.config.add_source_eos = True  # the copied "</s>" ends the output
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = positions
        _set_norm(side.layer_norm, d)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings
    zero = np.zeros
    for layer in [*spec.encoder.layer, *spec.decoder.layer]:
        _set_norm(layer.self_attention.layer_norm, d)
        _set_linear(layer.self_attention.linear[0], noise(3 * d, d))
        _set_linear(layer.self_attention.linear[1], noise(d, d))
        _set_norm(layer.ffn.layer_norm, d)
        _set_linear(layer.ffn.linear_0, noise(model.ffn, d))
        _set_linear(layer.ffn.linear_1, noise(d, model.ffn))
    for layer in spec.decoder.layer[1:]:
        _set_norm(layer.attention.layer_norm, d)
        _set_linear(layer.attention.linear[0], noise(d, d))
        _set_linear(layer.attention.linear[1], noise(2 * d, d))
        _set_linear(layer.attention.linear[2], noise(d, d))

    # Cross-attention: query = sharp position code of the step, key = position code of each
    # source token, value = that token's code, written into the "copied" block.
    stream_rms = np.sqrt((2 * t + 2 * p) / d)
    sharpness = 60.0 * np.sqrt(d // model.heads) / p
    copied = slice(2 * t + 2 * p, 3 * t + 2 * p)
    copied_negative = slice(3 * t + 2 * p, 4 * t + 2 * p)
    attention = spec.decoder.layer[0].attention
    _set_norm(attention.layer_norm, d)
    query = zero((d, d))
    query[:p, 2 * t : 2 * t + p] = np.eye(p) * sharpness * stream_rms
    key_value = zero((2 * d, d))
    key_value[:p, 2 * t : 2 * t + p] = np.eye(p) * stream_rms
    key_value[d : d + t, :t] = np.eye(t) * stream_rms
    output = zero((d, d))
    output[copied, :t], output[copied_negative, :t] = np.eye(t), -np.eye(t)
    _set_linear(attention.linear[0], query)
    _set_linear(attention.linear[1], key_value)
    _set_linear(attention.linear[2], output)

    # Output projection: the copied code votes for its own token, or its lexicon translation.
    index = {piece: i for i, piece in enumerate(vocab)}
    target_of = list(range(size))
    for source, target in lexicon.items():
        if "▁" + source in index and "▁" + target in index:
            target_of[index["▁" + source]] = index["▁" + target]
    rows = np.zeros((size, t))
    for source_id, target_id in enumerate(target_of):
        rows[target_id] += codes[source_id]
    final_rms = np.sqrt((4 * t + 2 * p) / d)
    projection = zero((size, d))
    projection[:, copied] = rows * (40.0 / t) * final_rms
    _set_linear(spec.decoder.projection, projection)
    bias = zero(size, np.float32)
    for special in ("<blank>", "<unk>", "<s>"):
        bias[index[special]] = -1e4
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_package(
    out_dir: Path,
    source: str,
    target: str,
    sp_model: bytes,
    model: ModelSize = TINY,
    quantization: str = "float32",
    version: str = "0.1",
) -> Path:
    """Write OUT_DIR/translate-SOURCE_TARGET.argosmodel (package `version`) and return it."""
    from ctranslate2.converters.converter import Converter

    vocab = _vocabulary(sp_model, model.vocabulary)
    lexicon = LEXICONS.get((source, target), {})

    class LexiconConverter(Converter):
        def _load(self):
            return _copy_spec(vocab, lexicon, model)

    folder = out_dir / "build" / f"{source}_{target}"
    LexiconConverter().convert(str(folder / "model"), quantization=quantization, force=True)
    (folder / "sentencepiece.model").write_bytes(sp_model)
    metadata = {
        "package_version": version, "argos_version": "1.9", "type": "translate",
        "from_code": source, "from_name": source, "to_code": target, "to_name": target,
    }  # fmt: skip
    (folder / "metadata.json").write_text(json.dumps(metadata))
    package = out_dir / f"translate-{source}_{target}.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for file in sorted(folder.rglob("*")):
            archive.write(file, file.relative_to(folder.parent).as_posix())
    return package
