"""Profile conversation turns in one process: queries per request and where the time goes.

    python -m bench.profile [--turns 200] [--html profile.html]

It builds the benchmark school in a temporary instance folder, signs pupils in through the real
pages with Flask's test client, and answers turns under pyinstrument, counting SQL statements.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler
from sqlalchemy import event

from .answers import TURN, answer_fields

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')



def main() -> None:
    """Sign pupils in, then profile answers and next-step fetches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    parser.add_argument("--database-url", help="an empty, migrated database to use instead of a temporary SQLite file")
    args = parser.parse_args()
    random.seed(7)
    folder = Path(tempfile.mkdtemp(prefix="convo-profile-"))
    try:
        from flask_migrate import upgrade

        from convo import create_app, normalise_database_url
        from convo.extensions import db
        from convo.instance import ensure_instance
        from .prepare import prepare_school
        ensure_instance(folder)
        began = time.perf_counter()
        url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{folder}/p.sqlite"
        app = create_app({"SECRET_KEY": "profile only", "SQLALCHEMY_DATABASE_URI": url,
                          "CLASS_CODE_RATE_LIMIT": "100000 per minute", "SESSION_COOKIE_SECURE": False})
        print(f"create_app: {time.perf_counter() - began:.3f} s")
        with app.app_context():
            upgrade()
            roster = prepare_school()["pupils"]
        queries = [0]
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *a: queries.__setitem__(0, queries[0] + 1))
        pupils = roster[::14]
        clients = []
        for pupil in pupils:
            client = app.test_client()
            client.get(f"/tablet/join/{pupil['code']}")
            csrf = CSRF.search(client.get("/tablet/names").get_data(as_text=True)).group(1)
            client.post(f"/tablet/names/{pupil['id']}", data={"csrf_token": csrf})
            csrf = CSRF.search(client.get("/pupil/privacy").get_data(as_text=True)).group(1)
            client.post("/pupil/privacy", data={"csrf_token": csrf})
            csrf = CSRF.search(client.get("/pupil/").get_data(as_text=True)).group(1)
            first = time.perf_counter()
            client.post("/pupil/start", data={"csrf_token": csrf})
            if not clients:
                print(f"first conversation started in {time.perf_counter() - first:.3f} s")
            clients.append([client, pupil, client.get("/pupil/talk", headers={"X-Convo-Fragment": "1"})
                            .get_data(as_text=True)])
        profiler = Profiler()
        counts = {"answer": [0, 0, 0.0], "step": [0, 0, 0.0]}
        done = 0
        profiler.start()
        while done < args.turns and clients:
            for entry in list(clients):
                client, pupil, step = entry
                if 'class="actions end"' in step or TURN.search(step) is None:
                    clients.remove(entry)
                    continue
                for kind in ("answer", "step"):
                    before, began = queries[0], time.perf_counter()
                    if kind == "answer":
                        client.post("/pupil/talk", headers={"Accept": "application/json"},
                                    data=answer_fields(step, CSRF.search(step).group(1), pupil["year_group"]))
                    else:
                        entry[2] = client.get("/pupil/talk", headers={"X-Convo-Fragment": "1"}).get_data(as_text=True)
                    counts[kind][0] += 1
                    counts[kind][1] += queries[0] - before
                    counts[kind][2] += time.perf_counter() - began
                done += 1
        profiler.stop()
        for kind, (n, q, seconds) in counts.items():
            if n:
                print(f"{kind}: {n} requests, {q / n:.1f} queries each, {seconds / n * 1000:.1f} ms each")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            Path(args.html).write_text(profiler.output_html())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
