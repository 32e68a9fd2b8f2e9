"""Tablets that keep answering through a fault, retrying each answer with the same key until it lands.

The benchmark's tablet (bench/loadgen.py) signs in and reads steps exactly as the tablet's script
does; this one adds what the script does when a request fails: it sends the same answer again, with
the same one-time key and turn number, until the server says it is saved. Each tablet notes which
answers the server acknowledged, so a test can compare that with the database afterwards. Run in its
own process by the fault tests:

    python -m tests.faults.tablets --base http://127.0.0.1:PORT --roster roster.json \
        --ready ready.flag --stop stop.flag --out out.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.answers import TURN
from bench.loadgen import FRAGMENT, JSON, Stats, Tablet

#: Words only the calm error page has; a traceback or a bare server error has neither.
FRIENDLY = ("Something went wrong", "Nothing you did caused this")
#: How long one answer is retried before the tablet gives up on it.
RETRY_FOR = 30.0
#: The pause between two tries, as the tablet's script waits before sending again.
RETRY_PAUSE = 0.25


class Failures:
    """Every request that did not go as the tablet expects: its status, time taken and what it showed."""

    def __init__(self):
        """Start empty."""
        self.rows: list[dict[str, Any]] = []

    def add(self, status: int, seconds: float, body: str) -> None:
        """Keep one failed request (status 0: the connection broke)."""
        self.rows.append({"status": status, "seconds": round(seconds, 3), "at": time.time(),
                          "friendly": any(words in body for words in FRIENDLY),
                          "traceback": "Traceback" in body or 'File "' in body})


class RetryingTablet(Tablet):
    """A pupil's tablet that sends an answer again, unchanged, until the server acknowledges it."""

    def __init__(self, http: aiohttp.ClientSession, base: str, pupil: dict[str, Any], stats: Stats,
                 failures: Failures, double: bool = False):
        """Keep the shared failure log and this pupil's answers; `double` sends each answer twice at once."""
        super().__init__(http, base, pupil, stats)
        self.failures, self.double = failures, double
        # [key, kind, recorded, tries, when] for each answer the server acknowledged.
        self.acknowledged: list[list[Any]] = []
        self.given_up: list[str] = []

    async def until_ok(self, kind: str, method: str, path: str, expect: tuple[int, ...], deadline: float,
                       **options) -> tuple[int, str, int]:
        """Send one request again and again until its status is expected; (status, body, tries)."""
        tries = 0
        while True:
            tries += 1
            began = time.perf_counter()
            status, body = await self.request(kind, method, path, expect=expect, **options)
            if status in expect:
                return status, body, tries
            self.failures.add(status, time.perf_counter() - began, body)
            if time.perf_counter() > deadline:
                return status, body, tries
            await asyncio.sleep(RETRY_PAUSE)

    async def read_step_retrying(self) -> bool:
        """Fetch the current step, retrying through errors; False once the talk has ended."""
        status, body, _tries = await self.until_ok("step", "GET", "/pupil/talk", (200, 302),
                                                   time.perf_counter() + RETRY_FOR, headers=FRAGMENT)
        self._token(body)
        self.step = body if status == 200 else ""
        return bool(self.step) and 'class="actions end"' not in self.step

    async def turn(self) -> bool:
        """Answer the step on screen, retrying with the same key, then read the next step."""
        if not self.step or TURN.search(self.step) is None:
            return False
        fields = self.reply()
        kind = next((k for k in ("card", "choice", "continue", "text", "skip") if k in fields), "skip")
        deadline = time.perf_counter() + RETRY_FOR
        copies = await asyncio.gather(*(
            self.until_ok("answer", "POST", "/pupil/talk", (200,), deadline, headers=JSON, data=fields)
            for _copy in range(2 if self.double else 1)))
        if any(status != 200 for status, _body, _tries in copies):
            self.given_up.append(fields["key"])
            return False
        said = ['"recorded":true' in body.replace(" ", "") for _status, body, _tries in copies]
        if sum(said) > 1:
            self.stats.bump("recorded_twice")
            self.stats.bump(f"recorded_twice_{kind}")
        recorded, tries = any(said), max(tries for _status, _body, tries in copies)
        self.acknowledged.append([fields["key"], kind, recorded, tries, time.time()])
        return await self.read_step_retrying()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Sign the pupils in, say so through the ready file, then answer for `seconds`."""
    everyone = json.loads(Path(args.roster).read_text())["pupils"]
    roster = everyone[::max(1, len(everyone) // args.pupils)][:args.pupils]
    stats, failures = Stats(), Failures()
    connector = aiohttp.TCPConnector(limit=args.pupils)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=20),
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        tablets = [RetryingTablet(http, args.base, pupil, stats, failures, args.double) for pupil in roster]
        started = await asyncio.gather(*(t.sign_in() for t in tablets))
        sign_in_errors = sum(stats.errors.values())
        Path(args.ready).write_text(str(time.time()))
        end = time.perf_counter() + args.seconds
        stop = Path(args.stop)

        async def pupil(tablet: RetryingTablet, talking: bool) -> None:
            """Answer steadily until told to stop, the time is up or the talk ends."""
            await asyncio.sleep(random.uniform(0, args.every))
            while talking and time.perf_counter() < end and not stop.exists():
                talking = await tablet.turn()
                await asyncio.sleep(random.uniform(0, args.every))

        await asyncio.gather(*(pupil(t, ok) for t, ok in zip(tablets, started)))
    return {"pupils": [{"id": t.pupil["id"], "acknowledged": t.acknowledged, "given_up": t.given_up}
                       for t in tablets],
            "started": sum(started), "sign_in_errors": sign_in_errors, "failures": failures.rows,
            "recorded_twice": stats.counts.get("recorded_twice", 0), "counts": stats.counts}


def main() -> None:
    """Parse the command line, run the tablets and write what they saw as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--roster", required=True)
    parser.add_argument("--ready", required=True, help="written once every tablet is signed in")
    parser.add_argument("--out", required=True)
    parser.add_argument("--pupils", type=int, default=30)
    parser.add_argument("--stop", required=True, help="the tablets stop answering once this file exists")
    parser.add_argument("--seconds", type=float, default=120, help="the longest they answer in any case")
    parser.add_argument("--every", type=float, default=0.2, help="most seconds a pupil waits between answers")
    parser.add_argument("--double", action="store_true", help="send every answer twice at once, as a double tap")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    random.seed(args.seed)
    Path(args.out).write_text(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
