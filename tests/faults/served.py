"""A small school served by gunicorn, as in production, with tablets answering while a test breaks something.

The pieces are the load benchmark's (bench/run.py): the same instance folder, preparation, gunicorn
command and stop. What the tablets believe (tests/faults/tablets.py) is then held against what the
database kept: every acknowledged answer exactly once, and nothing the tablets never sent.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.run import ROOT, environment, prepare, start_gunicorn, stop_gunicorn
from convo import normalise_database_url
from convo.instance import ensure_instance

#: Two pupils in each of the benchmark school's 15 classes, Reception to Year 6.
PER_CLASS = 2


def suite_postgres_url() -> str | None:
    """The PostgreSQL address the suite runs against, or None on SQLite."""
    url = os.environ.get("CONVO_TEST_DATABASE_URL")
    return normalise_database_url(url) if url and url.startswith("postgres") else None


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    """A running gunicorn on a prepared school: where it listens and what it reads."""

    server: subprocess.Popen
    base: str
    folder: Path
    database_url: str
    env: dict[str, str] = field(repr=False)

    @property
    def roster(self) -> Path:
        """The class codes and pupil ids the tablets sign in with."""
        return self.folder / "roster.json"


@contextmanager
def served_school(folder: Path, database_url: str | None = None, workers: int = 2) -> Iterator[Served]:
    """Prepare the school (on SQLite in `folder` unless a database is given), serve it, stop it after."""
    ensure_instance(folder)
    env = environment(folder, database_url)
    prepare(env, folder / "roster.json", per_class=PER_CLASS)
    port = free_port()
    server, _cold = start_gunicorn(env, workers, 2, port=port)
    url = normalise_database_url(database_url) if database_url else f"sqlite:///{folder / 'convo.sqlite'}"
    try:
        yield Served(server, f"http://127.0.0.1:{port}", folder, url, env)
    finally:
        stop_gunicorn(server)


def answer_through(served: Served, fault: Callable[[], None], after: float = 2, then: float = 3,
                   double: bool = False) -> dict:
    """Let the tablets answer `after` seconds, call `fault`, let them go on `then` seconds; return what they saw.

    With `double` every answer goes twice at once, as from a double tap racing itself.
    """
    ready, stop, out = (served.folder / name for name in ("ready.flag", "stop.flag", "tablets.json"))
    command = [sys.executable, "-m", "tests.faults.tablets", "--base", served.base, "--roster",
               str(served.roster), "--ready", str(ready), "--stop", str(stop), "--out", str(out)]
    command += ["--double"] if double else []
    tablets = subprocess.Popen(command, env=served.env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert tablets.poll() is None, "the tablets stopped before signing in"
            assert time.monotonic() < deadline, "the tablets did not sign in within 60 s"
            time.sleep(0.05)
        time.sleep(after)
        fault()
        time.sleep(then)
        stop.write_text("stop")
        assert tablets.wait(timeout=90) == 0, "the tablets failed"
    finally:
        if tablets.poll() is None:
            tablets.kill()
            tablets.wait()
    return json.loads(out.read_text())


@dataclass
class Tally:
    """The tablets' acknowledged answers held against the turns the database kept."""

    answers: int
    pupils: int
    retried: int
    already_kept: int
    lost: list[str]
    duplicated: list[str]
    unknown: list[str]
    not_recorded: list[str]

    def line(self) -> str:
        """One sentence for the run's summary."""
        return (f"{self.answers} answers from {self.pupils} pupils ({self.retried} retried, "
                f"{self.already_kept} of them found already saved), "
                f"{len(self.lost)} lost, {len(self.duplicated)} duplicated")


def acknowledged_between(seen: dict[str, Any], start: float, end: float = float("inf")) -> int:
    """How many answers the server acknowledged between two moments (seconds since the epoch)."""
    return sum(start <= row[4] < end for pupil in seen["pupils"] for row in pupil["acknowledged"])


def tally(served: Served, seen: dict[str, Any]) -> Tally:
    """Compare the tablets' view with the turn table, pupil by pupil."""
    engine = create_engine(served.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT c.pupil_id, t.answer_key, t.number, t.conversation_id FROM turn t "
            "JOIN conversation c ON c.id = t.conversation_id")).all()
    engine.dispose()
    kept = Counter((pupil_id, key) for pupil_id, key, _n, _c in rows)
    numbers = Counter((conversation, number) for _p, _k, number, conversation in rows)
    lost, unknown, not_recorded, answers, retried, already_kept = [], [], [], 0, 0, 0
    sent = set()
    for pupil in seen["pupils"]:
        for key, kind, recorded, tries, _when in pupil["acknowledged"]:
            answers += 1
            retried += tries > 1
            already_kept += tries > 1 and not recorded
            sent.add((pupil["id"], key))
            # "Next" on a "did you know" moves the talk on without a turn of its own.
            if kind != "continue" and (pupil["id"], key) not in kept:
                lost.append(key)
            if not recorded and tries == 1:
                not_recorded.append(key)
        sent.update((pupil["id"], key) for key in pupil["given_up"])
    duplicated = [key for (_p, key), count in kept.items() if count > 1]
    duplicated += [f"turn {n} of conversation {c}" for (c, n), count in numbers.items() if count > 1]
    unknown = [key for pupil_key in kept if pupil_key not in sent for key in [pupil_key[1]]]
    return Tally(answers, sum(1 for p in seen["pupils"] if p["acknowledged"]), retried, already_kept, lost, duplicated,
                 unknown, not_recorded)
