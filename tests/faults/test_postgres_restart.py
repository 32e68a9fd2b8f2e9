"""PostgreSQL stopped and started again while pupils answer: calm errors, quick recovery, nothing lost or doubled.

Only on PostgreSQL: SQLite is a file with no server to restart. The server is the machine's own
cluster (found with pg_lsclusters by the suite's port) and this needs the rights to restart it; it is
started again at the end whatever happens. The tests after it in this file use the suite's own
database through a new app, as every later test does, to show they are not left with dead connections.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from tests.attacks.report import record

from .served import acknowledged_between, answer_through, served_school, suite_postgres_url, tally

#: How long the database stays down.
OUTAGE = 2.0
#: The longest the service may take to answer again once the database is back.
RECOVERY = 5.0


def local_cluster() -> tuple[str, str] | None:
    """The (version, name) of the local cluster on the suite's port, if this process may restart it."""
    url = suite_postgres_url()
    if url is None or shutil.which("pg_lsclusters") is None or os.geteuid() != 0:
        return None
    port = str(make_url(url).port or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        version, name, cluster_port = line.split()[:3]
        if cluster_port == port:
            return version, name
    return None


def cluster(action: str, where: tuple[str, str]) -> None:
    """Stop or start the cluster (stop: fast, so open sessions end at once, as in a crash or failover)."""
    extra = ["-m", "fast"] if action == "stop" else []
    subprocess.run(["pg_ctlcluster", *where, action, *extra], check=True, capture_output=True, timeout=60)


def is_online(where: tuple[str, str]) -> bool:
    """True when pg_lsclusters says the cluster runs."""
    listing = subprocess.run(["pg_lsclusters", "--no-header", *where], capture_output=True, text=True).stdout
    return "online" in listing


@pytest.fixture
def restartable() -> Iterator[tuple[str, str]]:
    """The cluster to restart; running again after the test whatever happened."""
    if suite_postgres_url() is None:
        pytest.skip("restarting the database server needs PostgreSQL (CONVO_TEST_DATABASE_URL); "
                    "SQLite has no server")
    where = local_cluster()
    if where is None:
        pytest.skip("the suite's PostgreSQL is not a local cluster this user may restart (pg_ctlcluster as root)")
    try:
        yield where
    finally:
        if not is_online(where):
            cluster("start", where)


def health(base: str) -> int:
    """The status of /healthz, 0 if no answer came within 5 s."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


@pytest.mark.faults
def test_restarting_postgres_fails_calmly_recovers_and_keeps_every_answer_once(tmp_path, served_database,
                                                                              restartable):
    """30 pupils answer through a database restart: 5xx pages, back within seconds, every answer once."""
    times: dict[str, float] = {}
    during: list[int] = []

    def restart() -> None:
        """The fault: the database goes away for OUTAGE seconds, then comes back."""
        times["stop"] = time.time()
        cluster("stop", restartable)
        until = time.monotonic() + OUTAGE
        while time.monotonic() < until:
            during.append(health(served.base))
            time.sleep(0.2)
        cluster("start", restartable)
        times["started"] = time.time()
        while health(served.base) != 200 and time.time() - times["started"] < 30:
            time.sleep(0.05)
        times["healthy"] = time.time()

    with served_school(tmp_path / "instance", served_database) as served:
        seen = answer_through(served, restart, after=2, then=3)
        result = tally(served, seen)
    failures = seen["failures"]
    late = [row for row in failures if row["at"] > times["started"] + RECOVERY]
    calm = [row for row in failures if 500 <= row["status"] < 600 and row["friendly"] and not row["traceback"]]
    record("Faults: PostgreSQL restart", result.answers + len(failures),
           len(result.lost) + len(result.duplicated) + len(failures) - len(calm) + len(late),
           f"restarted PostgreSQL during {result.line()}; {len(failures)} requests failed during the outage, "
           f"{len(calm)} of them with the calm error page; healthy again "
           f"{times['healthy'] - times['started']:.1f} s after the restart")
    print(f"Faults: restarted PostgreSQL during {result.line()}; {len(failures)} failed requests, "
          f"healthy {times['healthy'] - times['started']:.1f} s after")
    assert failures, "no request noticed the database going away: the fault did not bite"
    assert during and set(during) == {503}, f"/healthz while the database was down: {sorted(set(during))}"
    assert len(calm) == len(failures), f"not every failure was a calm 5xx page: {failures[:5]}"
    assert max(row["seconds"] for row in failures) < 10, "a request hung while the database was down"
    assert times["healthy"] - times["started"] < RECOVERY and late == []
    assert acknowledged_between(seen, 0, times["stop"]) and acknowledged_between(seen, times["healthy"]), \
        "the tablets did not answer both before and after the restart"
    assert result.lost == [] and result.duplicated == [] and result.unknown == []
    assert result.not_recorded == [] and all(p["given_up"] == [] for p in seen["pupils"])


def test_the_suite_database_works_after_the_restart(db, create_school, create_staff, client, auth):
    """A staff member signs in and sees their school on the suite's own database, after the restart."""
    school = create_school("After Restart Primary")
    staff = create_staff(school)
    assert auth.sign_in(staff).status_code == 302
    assert client.get("/").status_code in (200, 302)


def test_a_pupil_can_talk_after_the_restart(db, pupil_in, client, auth):
    """A pupil starts a conversation and answers once, on the suite's own database, after the restart."""
    from convo.conversations import operations as talk_ops
    pupil = pupil_in(3)
    auth.pupil(pupil)
    client.post("/pupil/start")
    conversation = talk_ops.running(pupil)
    assert conversation is not None
    step = talk_ops.current_step(conversation)
    client.post("/pupil/talk", data={"turn": step["turn"], "key": "after-restart", "skip": "1"})
    db.session.expire_all()
    assert [turn.answer_key for turn in conversation.turns] == ["after-restart"]
