"""`make bench`: Convo under gunicorn with a whole school talking, against a bare Flask baseline.

For each database (SQLite in a temporary instance folder, then PostgreSQL), it prepares the
benchmark school, starts gunicorn on 127.0.0.1 and times the first page, then runs the load
generator (a separate process) three times: the whole school at its own pace, answers at
saturation, and the bare "hello" at saturation with the same client and pool. It writes
bench/results.json and bench/results.md. `--smoke` is the short version CI runs: it fails on any
error or on a concern that was not stored, never on speed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from .report import markdown

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PORT = 8765
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DATABASE = "convo_bench"


def load_average() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages, to say how quiet it was."""
    return [round(x, 2) for x in os.getloadavg()]


def environment(instance: Path, database_url: str | None) -> dict[str, str]:
    """The variables gunicorn, the preparation and the load generator run with."""
    env = dict(os.environ, CONVO_INSTANCE_PATH=str(instance),
               # Every simulated tablet comes from 127.0.0.1, so the per-address class-code limit is raised.
               CONVO_CLASS_CODE_RATE_LIMIT="100000 per minute")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str], roster: Path, per_class: int | None = None) -> None:
    """Build the schema and the school in a separate process, so this one holds no connection.

    `per_class` makes a smaller school (the fault tests use two pupils a class).
    """
    code = ("import json, sys; from flask_migrate import upgrade; from convo import create_app\n"
            "from convo.paths import resource_dir; from bench.prepare import prepare_school\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    upgrade(directory=str(resource_dir('migrations')))\n"
            "    json.dump(prepare_school(*map(int, sys.argv[2:])), open(sys.argv[1], 'w'))\n")
    extra = [] if per_class is None else [str(per_class)]
    subprocess.run([sys.executable, "-c", code, str(roster), *extra], env=env, cwd=ROOT, check=True)


def reset_today(env: dict[str, str], school_id: int) -> None:
    """Let every pupil start a new talk for the next phase (see bench/prepare.py)."""
    code = ("import sys; from convo import create_app; from bench.prepare import reset_today\n"
            "app = create_app()\n"
            "with app.app_context(): print(reset_today(int(sys.argv[1])))\n")
    subprocess.run([sys.executable, "-c", code, str(school_id)], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def new_days(env: dict[str, str], school_id: int, seconds: float) -> subprocess.Popen:
    """Beside the whole-school run, let pupils whose talk has finished start another (bench/prepare.py)."""
    code = ("import sys; from convo import create_app; from bench.prepare import new_days\n"
            "app = create_app()\n"
            "with app.app_context(): new_days(int(sys.argv[1]), float(sys.argv[2]))\n")
    return subprocess.Popen([sys.executable, "-c", code, str(school_id), str(seconds)], env=env, cwd=ROOT)


def stored(env: dict[str, str], school_id: int) -> dict[str, int]:
    """How many answers and concerns the school's database now holds."""
    code = ("import json, sys; from sqlalchemy import func, select\n"
            "from convo import create_app; from convo.extensions import db\n"
            "from convo.models import Concern, Conversation, Turn\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    s = int(sys.argv[1])\n"
            "    turns = db.session.scalar(select(func.count(Turn.id)).join(Conversation)"
            ".where(Conversation.school_id == s))\n"
            "    concerns = db.session.scalar(select(func.count(Concern.id)).where(Concern.school_id == s))\n"
            "    print(json.dumps({'turns': turns, 'concerns': concerns}))\n")
    out = subprocess.run([sys.executable, "-c", code, str(school_id)], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def start_gunicorn(env: dict[str, str], workers: int, threads: int,
                   port: int = PORT) -> tuple[subprocess.Popen, float]:
    """Launch gunicorn and return it with the seconds from launch to the first page served."""
    command = [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers), "--threads",
               str(threads), "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "bench.wsgi:application"]
    began = time.perf_counter()
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = began + 60
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/tablet/", timeout=2) as response:
                if response.status == 200:
                    return server, time.perf_counter() - began
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before serving a page")
        time.sleep(0.02)
    server.terminate()
    raise SystemExit("gunicorn served no page within 60 s")


def worker_rss(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker, in MB."""
    master = psutil.Process(server.pid)
    return [round(child.memory_info().rss / 2**20, 1) for child in master.children()]


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Ask gunicorn to stop, and make sure it has."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def load(env: dict[str, str], roster: Path, phase: str, out: Path, **options: Any) -> dict[str, Any]:
    """Run one phase of the load generator in its own process and read its figures."""
    command = [sys.executable, "-m", "bench.loadgen", "--base", f"http://127.0.0.1:{PORT}",
               "--roster", str(roster), "--phase", phase, "--out", str(out)]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=600)
    return json.loads(out.read_text())


def postgres_database(action: str, name: str = PG_DATABASE) -> str:
    """Create (or drop) the benchmark's own PostgreSQL database; other work uses other databases."""
    import psycopg
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {name}")
    return f"{PG_SERVER}/{name}"


def bench_database(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Prepare, serve and load one database; return its figures."""
    folder = Path(tempfile.mkdtemp(prefix="convo-bench-"))
    from convo.instance import ensure_instance
    ensure_instance(folder)
    url = postgres_database("create") if name == "postgresql" else None
    env = environment(folder, url)
    try:
        roster = folder / "roster.json"
        prepare(env, roster)
        school_id = json.loads(roster.read_text())["school_id"]
        result: dict[str, Any] = {"database": name, "load_before": load_average()}
        server, cold = start_gunicorn(env, args.workers, args.threads)
        result["cold_start_s"] = round(cold, 3)
        try:
            common = {"pupils": args.pupils, "connections": args.connections}
            days = new_days(env, school_id, args.seconds + 120)
            try:
                result["paced"] = load(env, roster, "paced", folder / "paced.json", seconds=args.seconds,
                                       every=args.every, **common)
            finally:
                days.terminate()
                days.wait()
            reset_today(env, school_id)
            result["turns"] = load(env, roster, "turns", folder / "turns.json", seconds=args.saturate,
                                   concurrency=args.concurrency, **common)
            result["hello"] = load(env, roster, "hello", folder / "hello.json", seconds=args.saturate,
                                   concurrency=args.concurrency, **common)
            result["rss_mb"] = worker_rss(server)
        finally:
            stop_gunicorn(server)
        result["stored"] = stored(env, school_id)
        result["load_after"] = load_average()
        return result
    finally:
        if url:
            postgres_database("drop")
        shutil.rmtree(folder, ignore_errors=True)


def problems(results: dict[str, Any]) -> list[str]:
    """Errors, and concerns sent but not stored: what makes the smoke run fail."""
    found = []
    for name, result in results["databases"].items():
        sent = 0
        for phase in ("paced", "turns", "hello"):
            figures = result[phase]
            errors = figures["errors"] + figures["sign_in"]["errors"]
            if errors:
                found.append(f"{name} {phase}: {errors} errors, e.g. "
                             f"{(figures['error_samples'] + figures['sign_in']['error_samples'])[:3]}")
            sent += figures["counts"].get("concern_sentences_sent", 0)
        if result["stored"]["concerns"] < sent:
            found.append(f"{name}: {sent} worrying answers sent but {result['stored']['concerns']} concerns stored")
        if not result["paced"]["kinds"].get("answer"):
            found.append(f"{name}: no answers were sent")
    return found


def main() -> None:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a short run with few pupils, for CI")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="per worker; 4 measured slower on 2 cores")
    parser.add_argument("--pupils", type=int, default=420)
    parser.add_argument("--seconds", type=float, default=60, help="length of the whole-school run")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between one pupil's answers")
    parser.add_argument("--saturate", type=float, default=15, help="length of each saturation run")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight at saturation")
    parser.add_argument("--connections", type=int, default=64, help="the client's connection pool")
    parser.add_argument("--out", help="where results.json and .md go (default bench/results; a temporary "
                        "folder for --smoke, so a smoke run never overwrites the real figures)")
    args = parser.parse_args()
    if args.smoke:
        args.pupils, args.seconds, args.every, args.saturate = 30, 5, 1.0, 2
    if not args.out:
        args.out = str(Path(tempfile.mkdtemp(prefix="convo-smoke-")) / "results") if args.smoke else str(HERE / "results")
    results: dict[str, Any] = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "smoke": args.smoke,
        "server": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": {"pupils": args.pupils, "seconds": args.seconds, "every_s": args.every,
                 "saturate_s": args.saturate, "concurrency": args.concurrency, "connections": args.connections},
        "databases": {},
    }
    out = Path(args.out)
    for name in args.databases.split(","):
        results["databases"][name] = bench_database(name, args)
        # Written after each database, so a failure on the next one keeps these figures.
        results["problems"] = found = problems(results)
        out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        out.with_suffix(".md").write_text(markdown(results))
    print(out.with_suffix(".md").read_text())
    if found:
        print("\n".join(["Problems:"] + found), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
