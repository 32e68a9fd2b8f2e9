"""A learned second opinion beside the safeguarding rules: a linear model over hashed features.

The rules find what they were written for; children also disclose indirectly ("i wear long
sleeves so nobody sees", "we sleep in the car now"). This layer scores every utterance with a
multinomial logistic regression ("none" plus the nine kinds) trained by `train_risk.py` on the
labelled lines in data/risk_training/. Features are hashed (zlib.crc32, so they are the same on
every machine and Python version): letter 2-5-grams inside each word, as typed and as the
speller corrected it, plus whole words and word pairs. Scoring is pure Python, with each word's
share of the sum cached, so it costs a few microseconds per word and needs no numeric library.
"""
from __future__ import annotations

import base64
import json
import math
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from .data import DATA_DIR
from .patterns import Prepared

#: Changing anything below changes the features, so the model must be retrained.
FEATURES_VERSION = 1
N_BUCKETS = 1 << 18
CHAR_SIZES = (2, 3, 4, 5)
#: Letters looked at in one word: a key held down must not cost thousands of n-grams.
MAX_WORD_LETTERS = 24
#: Words scored together; longer answers are scored in overlapping windows of this size, so a
#: disclosure late in a long answer is not diluted by everything around it.
WINDOW = 40
STRIDE = 20
#: Windows scored at most (a careers answer is far shorter; this bounds the time on pasted text).
MAX_WINDOWS = 60

MODEL_FILE = "risk_model.json"
NONE = "none"


def bucket(feature: str) -> int:
    """The hash bucket of one feature string (stable across runs and machines)."""
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


@lru_cache(maxsize=65536)
def _is_word(token: str) -> bool:
    """True for a word; sentence marks and commas carry no letters worth scoring."""
    return any(ch.isalnum() for ch in token)


def _letter_grams(word: str) -> list[str]:
    """Letter n-grams of one word padded with spaces, as scikit-learn's "char_wb" makes them."""
    padded = f" {word[:MAX_WORD_LETTERS]} "
    grams: list[str] = []
    for size in CHAR_SIZES:
        if size > len(padded):
            break
        grams.extend("c:" + padded[i:i + size] for i in range(len(padded) - size + 1))
    return grams


@lru_cache(maxsize=16384)
def word_buckets(typed: str, corrected: str) -> tuple[int, ...]:
    """Buckets for one word: the corrected word, and letter n-grams as typed and as corrected."""
    # Both spellings: the speller sometimes corrects towards the wrong word ("slapt" -> "slept"),
    # and the letters as typed still share most n-grams with the word the child meant.
    grams = ["w:" + corrected, *_letter_grams(typed)]
    if corrected != typed:
        grams.extend(_letter_grams(corrected))
    return tuple(bucket(g) for g in grams)


@lru_cache(maxsize=16384)
def pair_bucket(first: str, second: str) -> int:
    """The bucket of two neighbouring corrected words."""
    return bucket(f"b:{first} {second}")


def words_of(prepared: Prepared) -> list[tuple[str, str]]:
    """(as typed, as corrected) for each word, with None standing for a sentence break."""
    tokens = prepared.tokens
    typed = [t.text for t in tokens] if len(tokens) == len(prepared.words) else list(prepared.words)
    return [(t, c) if _is_word(c) else ("", "") for t, c in zip(typed, prepared.words)]


def window_buckets(pairs: Sequence[tuple[str, str]]) -> list[int]:
    """Every feature bucket of a run of words (breaks are ("", "") and stop word pairs)."""
    found: list[int] = []
    previous = ""
    for typed, corrected in pairs:
        if not corrected:
            previous = ""
            continue
        found.extend(word_buckets(typed, corrected))
        if previous:
            found.append(pair_bucket(previous, corrected))
        previous = corrected
    return found


def feature_counts(pairs: Sequence[tuple[str, str]]) -> Counter[int]:
    """Bucket counts for a run of words: the vector the model reads, before normalising."""
    return Counter(window_buckets(pairs))


@dataclass(frozen=True)
class RiskModel:
    """The shipped weights: classes, intercepts and one weight row per bucket seen in training."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    rows: dict[int, int]
    weights: array
    scale: float
    threshold: float
    medium_threshold: float
    training_sha256: str

    def row(self, bucket_id: int) -> Sequence[int] | None:
        """The quantised weights of one bucket for every class, or None if training never saw it."""
        offset = self.rows.get(bucket_id)
        if offset is None:
            return None
        width = len(self.classes)
        return self.weights[offset * width:(offset + 1) * width]


def _unpack(text: str, typecode: str) -> array:
    """An array stored as base64 of zlib-compressed little-endian bytes."""
    values = array(typecode)
    values.frombytes(zlib.decompress(base64.b64decode(text)))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def pack(values: array) -> str:
    """Store an array as base64 of zlib-compressed little-endian bytes (used by training)."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return base64.b64encode(zlib.compress(values.tobytes(), 9)).decode("ascii")


def read_model_file() -> dict[str, object]:
    """The model file as stored (JSON)."""
    return json.loads((DATA_DIR / MODEL_FILE).read_text(encoding="utf-8"))


@cache
def model() -> RiskModel:
    """Load the shipped model once (a few milliseconds: two zlib blobs and a dict)."""
    data = read_model_file()
    if data.get("features_version") != FEATURES_VERSION or data.get("n_buckets") != N_BUCKETS:
        raise ValueError("risk_model.json was trained on other features; run train_risk")
    buckets = _unpack(str(data["buckets"]), "I")
    return RiskModel(
        classes=tuple(data["classes"]),  # type: ignore[arg-type]
        intercepts=tuple(float(v) for v in data["intercepts"]),  # type: ignore[union-attr]
        rows={b: i for i, b in enumerate(buckets)},
        weights=_unpack(str(data["weights"]), "h"),
        scale=float(data["scale"]),  # type: ignore[arg-type]
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
        medium_threshold=float(data["medium_threshold"]),  # type: ignore[arg-type]
        training_sha256=str(data["training_sha256"]),
    )


@lru_cache(maxsize=65536)
def _bucket_sum(buckets: tuple[int, ...]) -> tuple[float, ...]:
    """Summed (still quantised) weights of some buckets, per class; cached per word."""
    m = model()
    total = [0] * len(m.classes)
    for b in buckets:
        row = m.row(b)
        if row is not None:
            total = [t + w for t, w in zip(total, row)]
    return tuple(float(t) for t in total)


def _window_scores(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The model's probability of each class for one window of words (softmax of the sums)."""
    m = model()
    counts: Counter[int] = Counter()
    sums = [0.0] * len(m.classes)
    previous = ""
    for typed, corrected in pairs:
        if not corrected:
            previous = ""
            continue
        # The dot product is linear, so each word's share is summed once and cached; only the
        # norm needs the counts of every bucket together.
        own = word_buckets(typed, corrected)
        counts.update(own)
        sums = [s + w for s, w in zip(sums, _bucket_sum(own))]
        if previous:
            pair = pair_bucket(previous, corrected)
            counts[pair] += 1
            sums = [s + w for s, w in zip(sums, _bucket_sum((pair,)))]
        previous = corrected
    if not counts:
        return []
    norm = math.sqrt(sum(c * c for c in counts.values()))
    logits = [b + m.scale * s / norm for b, s in zip(m.intercepts, sums)]
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [e / total for e in exps]


def windows(pairs: Sequence[tuple[str, str]]) -> list[Sequence[tuple[str, str]]]:
    """The whole answer if short, else overlapping windows of WINDOW words (at most MAX_WINDOWS)."""
    if len(pairs) <= WINDOW:
        return [pairs]
    starts = range(0, len(pairs) - STRIDE, STRIDE)
    return [pairs[s:s + WINDOW] for s in list(starts)[:MAX_WINDOWS]]


@dataclass(frozen=True)
class RiskScore:
    """How likely the model thinks some concern is, and its most likely kind."""

    concern_probability: float
    kind: str | None


NO_RISK = RiskScore(0.0, None)


def score(prepared: Prepared) -> RiskScore:
    """The model's view of one utterance: the riskiest window's concern probability and kind."""
    m = model()
    none_at = m.classes.index(NONE)
    best, seen = NO_RISK, set()
    for window in windows(words_of(prepared)):
        key = tuple(window)
        if key in seen:  # repeated text ("my dad hits me. " pasted many times) is scored once
            continue
        seen.add(key)
        probs = _window_scores(window)
        if not probs:
            continue
        concern = 1.0 - probs[none_at]
        if concern > best.concern_probability:
            kind_at = max((i for i in range(len(probs)) if i != none_at), key=probs.__getitem__)
            best = RiskScore(concern, m.classes[kind_at])
    return best
