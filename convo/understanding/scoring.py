"""Score analyse() against labelled utterances: the figures, the errors behind them, and speed."""
from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import Analysis, analyse


@dataclass
class Measure:
    """One figure (e.g. safeguarding recall) with how it was counted and the items it got wrong."""

    name: str
    value: float | None = None
    right: int = 0
    total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form."""
        return {"name": self.name, "value": self.value, "right": self.right, "total": self.total,
                "detail": self.detail, "errors": self.errors}


@dataclass(frozen=True)
class Example:
    """One labelled utterance."""

    id: str
    text: str
    year_group: str | None
    expect: dict[str, Any]


def load_examples(paths: Iterable[str | Path]) -> list[Example]:
    """Read labelled JSON Lines files (the utterances schema)."""
    examples: list[Example] = []
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            examples.append(Example(str(row.get("id", f"{Path(path).stem}-{number}")), row["text"],
                                    row.get("year_group"), row.get("expect") or {}))
    return examples


def _error(example: Example, expected: Any, got: Any) -> dict[str, Any]:
    """One wrong answer, as reported."""
    return {"id": example.id, "text": example.text, "expected": expected, "got": got}


def _ratio(right: int, total: int) -> float | None:
    """right / total, or None when there is nothing to count."""
    return round(right / total, 4) if total else None


def _f1(tp: int, fp: int, fn: int) -> float | None:
    """F1 from counts (None when there were no positives at all)."""
    return round(2 * tp / (2 * tp + fp + fn), 4) if (tp + fp + fn) else None


def score_safeguarding(pairs: Sequence[tuple[Example, Analysis]]) -> list[Measure]:
    """Recall on concerns, kind agreement, and false alarms on the harmless controls."""
    recall, alarms = Measure("safeguarding recall"), Measure("safeguarding false alarms on controls")
    kinds_right = 0
    for example, got in pairs:
        if "safeguarding" not in example.expect:
            continue
        expected = bool(example.expect["safeguarding"])
        concern = got.safeguarding.concern
        if expected:
            recall.total += 1
            if concern:
                recall.right += 1
                kinds_right += got.safeguarding.kind == example.expect.get("kind")
            else:
                recall.errors.append(_error(example, example.expect.get("kind"), None))
        else:
            alarms.total += 1
            if concern:
                alarms.right += 1
                alarms.errors.append(_error(example, None, got.safeguarding.kind))
    recall.value, alarms.value = _ratio(recall.right, recall.total), _ratio(alarms.right, alarms.total)
    recall.detail = {"kind_agrees_when_found": _ratio(kinds_right, recall.right)}
    return [recall, alarms]


def score_aspirations(pairs: Sequence[tuple[Example, Analysis]]) -> Measure:
    """Every aspiration right: same count, in order, each code among those accepted."""
    measure = Measure("aspirations SOC 4-digit accuracy")
    for example, got in pairs:
        accepted = example.expect.get("aspirations_soc")
        if accepted is None:
            continue
        measure.total += 1
        codes = [a.soc2020 for a in got.aspirations]
        if len(codes) == len(accepted) and all(c in ok for c, ok in zip(codes, accepted)):
            measure.right += 1
        else:
            measure.errors.append(_error(example, example.expect.get("aspirations"),
                                         [f"{a.title} {a.soc2020}" for a in got.aspirations]))
    measure.value = _ratio(measure.right, measure.total)
    return measure


def score_flags(pairs: Sequence[tuple[Example, Analysis]]) -> Measure:
    """Fantasy and unsure flags both right."""
    measure = Measure("fantasy / unsure flags right")
    for example, got in pairs:
        if "fantasy" not in example.expect and "unsure" not in example.expect:
            continue
        measure.total += 1
        expected = {"fantasy": bool(example.expect.get("fantasy")), "unsure": bool(example.expect.get("unsure"))}
        predicted = {"fantasy": got.fantasy, "unsure": got.unsure}
        if expected == predicted:
            measure.right += 1
        else:
            measure.errors.append(_error(example, expected, predicted))
    measure.value = _ratio(measure.right, measure.total)
    return measure


def score_stereotypes(pairs: Sequence[tuple[Example, Analysis]]) -> Measure:
    """F1 where a true positive needs the right kind; binary (any kind) F1 in the detail."""
    measure = Measure("stereotype detection F1 (kind must match)")
    tp = fp = fn = btp = bfp = bfn = 0
    for example, got in pairs:
        if "stereotype" not in example.expect:
            continue
        measure.total += 1
        expected, predicted = example.expect["stereotype"], got.stereotype
        if expected and predicted == expected:
            tp += 1
        else:
            fp += predicted is not None
            fn += expected is not None
        btp += bool(expected) and bool(predicted)
        bfp += not expected and bool(predicted)
        bfn += bool(expected) and not predicted
        if expected != predicted:
            measure.errors.append(_error(example, expected, predicted))
        else:
            measure.right += 1
    measure.value = _f1(tp, fp, fn)
    measure.detail = {"binary_f1": _f1(btp, bfp, bfn), "tp": tp, "fp": fp, "fn": fn}
    return measure


def score_personal_details(pairs: Sequence[tuple[Example, Analysis]]) -> Measure:
    """Recall of personal-detail kinds, overall and by kind; extra kinds found are listed too."""
    measure = Measure("personal-details recall")
    by_kind: dict[str, list[int]] = {}
    extra = 0
    for example, got in pairs:
        if "kinds" not in example.expect and "pii" not in example.expect:
            continue
        expected = list(example.expect.get("kinds") or [])
        predicted = list(got.personal_details)
        for kind in expected:
            counts = by_kind.setdefault(kind, [0, 0])
            counts[1] += 1
            measure.total += 1
            if kind in predicted:
                counts[0] += 1
                measure.right += 1
        extra += len(set(predicted) - set(expected))
        if set(expected) != set(predicted):
            measure.errors.append(_error(example, expected, predicted))
    measure.value = _ratio(measure.right, measure.total)
    measure.detail = {"by_kind": {k: _ratio(*v) for k, v in sorted(by_kind.items())}, "kinds_found_not_expected": extra}
    return measure


def speed(texts: Sequence[tuple[str, str | None]], run: Callable[..., Any] = analyse) -> dict[str, float]:
    """Utterances per second on one core (enough passes to run for about a second), by the clock and by CPU.

    The CPU figure is the one to compare on a shared machine: it does not count time spent waiting for
    other work to leave the core.
    """
    if not texts:
        return {"utterances_per_second": 0.0, "utterances_per_cpu_second": 0.0, "slowest_ms": 0.0}
    passes = max(1, math.ceil(2000 / len(texts)))
    slowest = 0.0
    began, began_cpu = time.perf_counter(), time.process_time()
    for _ in range(passes):
        for text, year in texts:
            t0 = time.perf_counter()
            run(text, year)
            slowest = max(slowest, time.perf_counter() - t0)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    count = passes * len(texts)
    return {"utterances_per_second": round(count / elapsed, 1),
            "utterances_per_cpu_second": round(count / max(cpu, 1e-9), 1), "slowest_ms": round(slowest * 1000, 2)}


def score(paths: Iterable[str | Path]) -> dict[str, Any]:
    """Run every measure over the labelled files; also time the first call and the throughput."""
    examples = load_examples(paths)
    first_started, first_cpu = time.perf_counter(), time.process_time()
    analyse("warm up: i want to be a vet", None)
    first_call, first_call_cpu = time.perf_counter() - first_started, time.process_time() - first_cpu
    pairs = [(e, analyse(e.text, e.year_group)) for e in examples]
    measures = [*score_safeguarding(pairs), score_aspirations(pairs), score_flags(pairs),
                score_stereotypes(pairs), score_personal_details(pairs)]
    timing = speed([(e.text, e.year_group) for e in examples])
    timing["first_call_seconds"] = round(first_call, 3)
    timing["first_call_cpu_seconds"] = round(first_call_cpu, 3)
    return {"utterances": len(examples), "measures": [m.to_dict() for m in measures], "speed": timing}


def format_report(report: dict[str, Any]) -> str:
    """A plain-text report: each figure, then the errors behind it."""
    lines = [f"Scored {report['utterances']} utterances.", ""]
    for m in report["measures"]:
        value = "n/a" if m["value"] is None else f"{m['value']:.3f}"
        lines.append(f"{m['name']}: {value}  ({m['right']}/{m['total']})")
        for key, item in m["detail"].items():
            lines.append(f"    {key}: {item}")
        for error in m["errors"]:
            lines.append(f"    - {error['id']}: {error['text']!r}")
            lines.append(f"        expected {json.dumps(error['expected'])}, got {json.dumps(error['got'])}")
        lines.append("")
    s = report["speed"]
    lines.append(f"throughput: {s['utterances_per_second']:.0f} utterances/s by the clock, "
                 f"{s['utterances_per_cpu_second']:.0f} per CPU-second (slowest {s['slowest_ms']} ms)")
    lines.append(f"first analyse() after import: {s['first_call_seconds']:.3f} s "
                 f"({s['first_call_cpu_seconds']:.3f} s of CPU)")
    return "\n".join(lines)
