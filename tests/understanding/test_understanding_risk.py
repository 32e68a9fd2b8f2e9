"""The learned risk layer: shipped weights match their training files, scoring is pure and fast."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convo.understanding import analyse
from convo.understanding import risk
from convo.understanding.reading import read
from convo.understanding.safeguarding import KINDS, check, rule_check

TRAINING = Path(risk.DATA_DIR) / "risk_training"
HELD_BACK = {"fresh_safeguarding_3.jsonl", "fresh_safeguarding_4.jsonl", "fresh_safeguarding_5b.jsonl", "fresh_stereotypes_2b.jsonl"}


def _texts(path: Path) -> set[str]:
    """The lower-cased texts of one JSON Lines file."""
    return {json.loads(line)["text"].strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def test_training_files_are_well_formed_and_large_enough() -> None:
    """At least 700 labelled lines, every kind represented, and harmless lines plentiful."""
    rows = [json.loads(line) for path in sorted(TRAINING.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 700
    kinds = [r["expect"]["kind"] for r in rows if r["expect"]["safeguarding"]]
    assert {k: kinds.count(k) >= 40 for k in KINDS} == {k: True for k in KINDS}
    assert sum(not r["expect"]["safeguarding"] for r in rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)


def test_no_test_set_line_is_trained_on() -> None:
    """Training never holds a line from the labelled test sets (above all the held-back ones)."""
    trained = set().union(*(_texts(p) for p in TRAINING.glob("*.jsonl")))
    tests = Path(__file__).resolve().parent
    for path in tests.glob("*.jsonl"):
        assert not trained & _texts(path), path.name
    assert HELD_BACK <= {p.name for p in tests.glob("*.jsonl")}


def test_shipped_model_was_trained_on_the_shipped_files() -> None:
    """The stored hash is the hash of the training files as they are now."""
    pytest.importorskip("sklearn")
    from convo.understanding.train_risk import training_sha256

    assert risk.read_model_file()["training_sha256"] == training_sha256()


def test_retraining_reproduces_the_shipped_weights() -> None:
    """Refit with the stored C: same buckets, same intercepts and (within rounding) the same weights."""
    pytest.importorskip("sklearn")
    from threadpoolctl import threadpool_limits

    from convo.understanding import train_risk

    stored = risk.read_model_file()
    lines = train_risk.load_lines()
    x, used = train_risk.matrix(lines)
    started = time.perf_counter()
    with threadpool_limits(limits=1):
        fitted = train_risk.classifier(float(stored["C"])).fit(x, [line.label for line in lines])
    fresh = train_risk.model_file(fitted, used, float(stored["C"]), float(stored["threshold"]),
                                  float(stored["medium_threshold"]), dict(stored["cross_validated"]))
    assert time.perf_counter() - started < 30
    assert fresh["classes"] == stored["classes"]
    assert fresh["buckets"] == stored["buckets"]
    assert fresh["intercepts"] == pytest.approx(stored["intercepts"], abs=1e-3)
    assert fresh["scale"] == pytest.approx(stored["scale"], rel=1e-3)
    ours, theirs = risk._unpack(fresh["weights"], "h"), risk._unpack(stored["weights"], "h")
    # A few quanta of slack for floating-point differences between machines; an edit by hand that
    # changed any decision would move a weight by far more.
    assert len(ours) == len(theirs) and max(abs(a - b) for a, b in zip(ours, theirs)) <= 3


def test_scoring_imports_no_numeric_library() -> None:
    """Run time is pure Python: neither scikit-learn nor numpy is imported by analyse()."""
    code = ("import sys; from convo.understanding import analyse; analyse('my dad hits me'); "
            "print(any(m in sys.modules for m in ('numpy', 'sklearn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


def test_model_loads_fast_and_scores_in_bounds() -> None:
    """The weights load in well under a tenth of a second; probabilities lie in [0, 1]."""
    risk.model.cache_clear()
    started = time.perf_counter()
    model = risk.model()
    assert time.perf_counter() - started < 0.1
    assert set(model.classes) == {risk.NONE, *KINDS}
    found = risk.score(read("we sleep in the car now since we lost the flat").prepared)
    assert 0.0 <= found.concern_probability <= 1.0 and found.kind in KINDS


def test_features_are_stable() -> None:
    """Hashing uses crc32, so a feature's bucket never depends on the process or the machine."""
    assert risk.bucket("w:slap") == 10769
    assert len(set(risk.word_buckets("slapt", "slept"))) > len(set(risk.word_buckets("slept", "slept")))


def test_model_only_concerns_are_low_or_medium_and_named() -> None:
    """A disclosure no rule lists is raised by the model, named "model", low or medium severity."""
    text = "my tummy hurts every time i hear his key in the door"
    prepared = read(text).prepared
    assert not rule_check(prepared).concern
    found = check(prepared)
    assert (found.concern, found.rule) == (True, "model")
    assert found.kind in KINDS and found.severity in {"low", "medium", "immediate"}


def test_rules_keep_their_kind_and_severity() -> None:
    """When a rule fires, its kind, severity and id are reported, not the model's."""
    prepared = read("im going to kill myself tonight").prepared
    assert check(prepared) == rule_check(prepared)


@pytest.mark.parametrize("text", ["i want to be a vet cos i love animals", "i dont know yet", "",
                                  "my nan picks me up because my dad works nights"])
def test_plain_answers_stay_quiet(text: str) -> None:
    """Everyday careers answers raise nothing."""
    assert not analyse(text).safeguarding.concern


def test_long_text_is_scored_in_windows() -> None:
    """A disclosure after a long harmless answer is not diluted away, and scoring stays bounded."""
    harmless = "i like football and drawing and my friends and our class trip to the zoo " * 12
    late = harmless + "and my step dad gives me a beating with his belt when mum is out"
    assert risk.score(read(late).prepared).concern_probability > risk.score(read(harmless).prepared).concern_probability
    assert len(risk.windows([("a", "a")] * 100_000)) == risk.MAX_WINDOWS
