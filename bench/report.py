"""The benchmark's Markdown table, written beside bench/results.json."""
from __future__ import annotations

from typing import Any

#: The targets the issue sets, on 2 cores.
TARGETS = {"ratio": 0.5, "p95_ms": 50, "rss_mb": 150, "cold_start_s": 2}


def _kind(result: dict[str, Any], phase: str, kind: str) -> dict[str, Any]:
    """One kind of request in one phase, or an empty record."""
    return result[phase]["kinds"].get(kind, {})


def rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(measure, value, target) rows for one database."""
    turns = _kind(result, "turns", "answer").get("per_second", 0)
    steps = _kind(result, "turns", "step").get("per_second", 0)
    hello = _kind(result, "hello", "hello").get("per_second", 0)
    answer = _kind(result, "paced", "answer")
    step = _kind(result, "paced", "step")
    paced_seconds = result["paced"]["seconds"]
    errors = sum(result[p]["errors"] + result[p]["sign_in"]["errors"] for p in ("paced", "turns", "hello"))
    ratio = turns / hello if hello else 0
    return [
        ("answers/s at saturation (POST /pupil/talk)", f"{turns:.0f}", ""),
        ("next-step fetches/s at saturation (GET /pupil/talk fragment)", f"{steps:.0f}", ""),
        ("hello/s at saturation (bare Flask, same gunicorn)", f"{hello:.0f}", ""),
        ("answers/s ÷ hello/s", f"{ratio:.2f}", f"≥ {TARGETS['ratio']}"),
        ("whole school: answers/s achieved", f"{answer.get('requests', 0) / paced_seconds:.1f}", "≈ 84"),
        ("whole school: answer p50 / p95 / p99 (ms)",
         f"{answer.get('p50_ms', 0)} / {answer.get('p95_ms', 0)} / {answer.get('p99_ms', 0)}",
         f"p95 ≤ {TARGETS['p95_ms']}"),
        ("whole school: next step p50 / p95 / p99 (ms)",
         f"{step.get('p50_ms', 0)} / {step.get('p95_ms', 0)} / {step.get('p99_ms', 0)}", ""),
        ("errors (all phases, sign-in included)", str(errors), "0"),
        ("concerns stored / worrying answers sent",
         f"{result['stored']['concerns']} / "
         f"{sum(result[p]['counts'].get('concern_sentences_sent', 0) for p in ('paced', 'turns'))}", "all"),
        ("RSS per worker after the run (MB)", ", ".join(f"{x:.0f}" for x in result["rss_mb"]),
         f"≤ {TARGETS['rss_mb']}"),
        ("cold start to first page (s)", f"{result['cold_start_s']:.2f}", f"≤ {TARGETS['cold_start_s']}"),
        ("load average before → after", f"{result['load_before'][0]} → {result['load_after'][0]}", ""),
    ]


def markdown(results: dict[str, Any]) -> str:
    """The whole table: one column of figures per database."""
    names = list(results["databases"])
    table = {name: rows(results["databases"][name]) for name in names}
    server = results["server"]
    load = results["load"]
    lines = [
        f"Measured {results['measured_at']} on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}; gunicorn {server['workers']} workers × {server['threads']} threads "
        f"({server['worker_class']}). Whole school: {load['pupils']} pupils, one answer each about every "
        f"{load['every_s']} s for {load['seconds']} s. Saturation: {load['concurrency']} requests in flight "
        f"for {load['saturate_s']} s each, same client and pool ({load['connections']} connections) for "
        "answers and hello.",
        "",
        "| measure | " + " | ".join(names) + " | target |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    first = table[names[0]]
    for index, (label, _, target) in enumerate(first):
        values = " | ".join(table[name][index][1] for name in names)
        lines.append(f"| {label} | {values} | {target} |")
    if results.get("problems"):
        lines += ["", "Problems: " + "; ".join(results["problems"])]
    return "\n".join(lines) + "\n"
