"""The load generator: many tablets at once, posting answers exactly as static/js/pupil.js does.

Each simulated pupil keeps their own cookies, joins their class with its code, taps their name,
hears the privacy notice, starts today's conversation and then answers: a picture or a yes/no
face in Reception and Key Stage 1, typed words in Key Stage 2. An answer is a JSON post of the
step's turn number, a fresh idempotency key and the CSRF token, followed by the fetch of the next
step as a fragment, as the tablet's script does. Run by bench/run.py, one phase per call:

    python -m bench.loadgen --base http://127.0.0.1:8765 --roster roster.json --phase paced --out out.json
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import time
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import aiohttp

from .answers import TURN, answer_fields
from .sentences import CONCERNS

FRAGMENT = {"X-Convo-Fragment": "1"}
JSON = {"Accept": "application/json"}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Stats:
    """Every request's kind, latency and whether it went as the tablet expects."""

    def __init__(self):
        """Start empty."""
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.error_samples: list[str] = []
        self.counts: dict[str, int] = {}

    def add(self, kind: str, seconds: float, ok: bool, why: str = "") -> None:
        """Count one request."""
        self.latencies.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{kind}: {why}")

    def bump(self, name: str, by: int = 1) -> None:
        """Count something that is not a request (a concern sent, a conversation finished)."""
        self.counts[name] = self.counts.get(name, 0) + by

    def summary(self, seconds: float) -> dict[str, Any]:
        """Throughput, percentiles and errors for each kind of request over `seconds`."""
        kinds = {}
        for kind, values in self.latencies.items():
            ordered = sorted(values)
            kinds[kind] = {"requests": len(values), "per_second": round(len(values) / seconds, 1),
                           "p50_ms": _ms(ordered, 0.50), "p95_ms": _ms(ordered, 0.95),
                           "p99_ms": _ms(ordered, 0.99), "max_ms": round(ordered[-1] * 1000, 1),
                           "errors": self.errors.get(kind, 0)}
        return {"seconds": round(seconds, 2), "kinds": kinds, "counts": self.counts,
                "errors": sum(self.errors.values()), "error_samples": self.error_samples}


def _ms(ordered: list[float], quantile: float) -> float:
    """The latency at `quantile` of sorted seconds, in milliseconds."""
    index = min(len(ordered) - 1, max(0, round(quantile * len(ordered)) - 1))
    return round(ordered[index] * 1000, 1)


class Tablet:
    """One pupil on one tablet: their cookies, the current step and what to tap next."""

    def __init__(self, http: aiohttp.ClientSession, base: str, pupil: dict[str, Any], stats: Stats):
        """Hold the shared connection pool and this pupil's own cookies."""
        self.http, self.base, self.pupil, self.stats = http, base, pupil, stats
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.step = ""

    async def request(self, kind: str, method: str, path: str, expect: tuple[int, ...] = (200,),
                      **options) -> tuple[int, str]:
        """One request with this pupil's cookies, never following redirects; timed and counted."""
        headers = dict(options.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        began = time.perf_counter()
        try:
            async with self.http.request(method, self.base + path, headers=headers, allow_redirects=False,
                                         **options) as response:
                body = await response.text()
                self._keep(response.headers.getall("Set-Cookie", []))
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            self.stats.add(kind, time.perf_counter() - began, False, repr(error))
            return 0, ""
        ok = status in expect
        self.stats.add(kind, time.perf_counter() - began, ok, f"{method} {path} -> {status}")
        return status, body

    def _keep(self, headers: list[str]) -> None:
        """Store cookies the server set, and drop the ones it cleared."""
        for header in headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def _token(self, body: str) -> None:
        """Remember the CSRF token of the page just read."""
        found = CSRF.search(body)
        if found:
            self.csrf = found.group(1)

    async def sign_in(self) -> bool:
        """Join the class with its code, tap the name, hear the notice and start today's talk."""
        await self.request("sign_in", "GET", f"/tablet/join/{self.pupil['code']}", expect=(302,))
        status, body = await self.request("sign_in", "GET", "/tablet/names")
        self._token(body)
        await self.request("sign_in", "POST", f"/tablet/names/{self.pupil['id']}", expect=(302,),
                           data={"csrf_token": self.csrf})
        status, body = await self.request("sign_in", "GET", "/pupil/privacy")
        self._token(body)
        await self.request("sign_in", "POST", "/pupil/privacy", expect=(302,), data={"csrf_token": self.csrf})
        return await self.start()

    async def start(self) -> bool:
        """Open the pupil's start page, tap "Let's talk" and read the first step."""
        status, body = await self.request("start", "GET", "/pupil/", expect=(200, 302))
        self._token(body)
        if status == 200 and 'action="/pupil/start"' in body:
            await self.request("start", "POST", "/pupil/start", expect=(302,), data={"csrf_token": self.csrf})
        return await self.read_step("start")

    async def read_step(self, kind: str = "step") -> bool:
        """Fetch the current step as the tablet's script does; False once the talk has ended."""
        # A redirect means no talk is open (it ended and the day moved on): the tablet's script reloads then.
        status, body = await self.request(kind, "GET", "/pupil/talk", headers=FRAGMENT, expect=(200, 302))
        self._token(body)
        self.step = body if status == 200 else ""
        return bool(self.step) and 'class="actions end"' not in self.step

    def reply(self) -> dict[str, str]:
        """What this pupil taps or types for the step on screen."""
        fields = answer_fields(self.step, self.csrf, self.pupil["year_group"])
        if fields.get("text") in CONCERNS:
            self.stats.bump("concern_sentences_sent")
        return fields

    async def turn(self) -> bool:
        """Answer the step on screen and read the next; False once the talk has ended."""
        if not self.step or TURN.search(self.step) is None:
            return False
        status, body = await self.request("answer", "POST", "/pupil/talk", headers=JSON, data=self.reply())
        if status == 200 and '"recorded":true' not in body.replace(" ", ""):
            self.stats.add("answer_not_recorded", 0.0, False, body[:80])
        if await self.read_step():
            return True
        self.stats.bump("conversations_finished")
        return False


async def sign_in_all(tablets: list[Tablet], concurrency: int) -> None:
    """Sign every pupil in, a few tablets at a time."""
    queue = list(tablets)

    async def worker():
        while queue:
            tablet = queue.pop()
            if not await tablet.sign_in():
                tablet.stats.bump("not_started")

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def paced(tablets: list[Tablet], seconds: float, every: float) -> None:
    """The whole school at once: each pupil answers about every `every` seconds for `seconds`.

    A pupil whose talk has ended taps "Let's talk" on their next tick instead (counted as "start").
    """
    end = time.perf_counter() + seconds

    async def pupil(tablet: Tablet):
        due = time.perf_counter() + random.uniform(0, every)
        talking = True
        while due < end:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if talking:
                talking = await tablet.turn()
            else:
                # Talk over: start the next session once bench/run.py has moved the day on.
                talking = await tablet.start()
            due += random.uniform(every * 0.8, every * 1.2)

    await asyncio.gather(*(pupil(t) for t in tablets))


async def saturate_turns(tablets: list[Tablet], seconds: float, concurrency: int) -> None:
    """As many answers as the server takes: `concurrency` tablets, each moving to a new pupil when a talk ends."""
    end = time.perf_counter() + seconds
    queue = list(tablets)

    async def worker():
        tablet = None
        while time.perf_counter() < end:
            if tablet is None:
                if not queue:
                    return
                tablet = queue.pop()
                if not await tablet.start():
                    tablet = None
                    continue
            if not await tablet.turn():
                tablet = None

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def saturate_hello(tablets: list[Tablet], seconds: float, concurrency: int) -> None:
    """The bare Flask baseline, with the same client, pool and cookies as the turns."""
    end = time.perf_counter() + seconds

    async def worker(tablet: Tablet):
        while time.perf_counter() < end:
            await tablet.request("hello", "GET", "/hello")

    await asyncio.gather(*(worker(tablets[i % len(tablets)]) for i in range(concurrency)))


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Sign the pupils in, then run the one phase asked for; return its figures."""
    everyone = json.loads(Path(args.roster).read_text())["pupils"]
    # A smaller run takes pupils spread over every class, so every age band still answers.
    roster = everyone[::max(1, len(everyone) // args.pupils)][:args.pupils]
    stats = Stats()
    connector = aiohttp.TCPConnector(limit=args.connections)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        tablets = [Tablet(http, args.base, pupil, stats) for pupil in roster]
        began = time.perf_counter()
        if args.phase != "hello":
            await sign_in_all(tablets, min(args.connections, 32))
        signed_in = time.perf_counter() - began
        setup = stats.summary(signed_in)
        stats.__init__()
        began = time.perf_counter()
        if args.phase == "paced":
            await paced(tablets, args.seconds, args.every)
        elif args.phase == "turns":
            await saturate_turns(tablets, args.seconds, args.concurrency)
        elif args.phase == "hello":
            await saturate_hello(tablets, args.seconds, args.concurrency)
        result = stats.summary(time.perf_counter() - began)
    result.update(phase=args.phase, pupils=len(roster), connections=args.connections,
                  concurrency=args.concurrency if args.phase != "paced" else len(roster),
                  sign_in={"seconds": round(signed_in, 2), "errors": setup["errors"],
                           "error_samples": setup["error_samples"], "counts": setup["counts"]})
    return result


def main() -> None:
    """Parse the command line, run one phase and write its figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--roster", required=True)
    parser.add_argument("--phase", choices=("paced", "turns", "hello"), required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--pupils", type=int, default=420)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    random.seed(args.seed)
    Path(args.out).write_text(json.dumps(asyncio.run(run(args)), indent=2))


if __name__ == "__main__":
    main()
