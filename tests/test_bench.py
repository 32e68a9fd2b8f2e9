"""The load benchmark's school and reset, and the start-up work the benchmark made lighter."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bench.prepare import CLASSES, prepare_school, reset_finished, reset_today
from convo.conversations import operations as talk_ops
from convo.conversations.content import engine, warm_up
from convo.models import Pupil, SchoolClass
from convo.safeguarding import school_is_live

ROOT = Path(__file__).resolve().parents[1]


def test_the_bench_school_has_every_year_group_and_can_talk(db):
    """Fifteen classes from Reception to Year 6, each with a tablet code, in a school whose DSL has confirmed."""
    roster = prepare_school(per_class=2)
    classes = db.session.scalars(select(SchoolClass)).all()
    assert len(classes) == len(CLASSES) == 15
    assert {c.year_group for c in classes} == set(range(7))
    assert all(c.sign_in_code for c in classes)
    assert len(roster["pupils"]) == 30 == db.session.scalar(select(func.count(Pupil.id)))
    pupil = db.session.get(Pupil, roster["pupils"][0]["id"])
    assert school_is_live(pupil.school)


def test_reset_today_lets_a_pupil_who_has_talked_start_again(db, client, auth):
    """After a phase, the same pupils may start a fresh talk; nothing else about them changes."""
    roster = prepare_school(per_class=1)
    pupil = db.session.get(Pupil, roster["pupils"][-1]["id"])
    auth.pupil(pupil)
    client.post("/pupil/start")
    client.post("/pupil/stop")
    assert talk_ops.finished_today(pupil) is not None
    client.post("/pupil/start")
    assert talk_ops.running(pupil) is None, "one talk a day, until the benchmark resets the day"

    assert reset_today(roster["school_id"]) == 1
    assert talk_ops.finished_today(pupil) is None
    client.post("/pupil/start")
    assert talk_ops.running(pupil) is not None


def test_reset_finished_leaves_running_talks_alone(db, client, auth):
    """During the whole-school run only finished talks move back a day; a talk in progress carries on."""
    roster = prepare_school(per_class=1)
    finished, running = (db.session.get(Pupil, p["id"]) for p in roster["pupils"][-2:])
    auth.pupil(finished)
    client.post("/pupil/start")
    client.post("/pupil/stop")
    auth.pupil(running)
    client.post("/pupil/start")
    talk = talk_ops.running(running)

    assert reset_finished(roster["school_id"]) == 1
    assert talk_ops.finished_today(finished) is None
    assert talk_ops.running(running) == talk and talk.ended is None


def test_convo_itself_has_no_hello_route(app):
    """The bare baseline is mounted beside Convo by bench/wsgi.py only; Convo never serves it."""
    assert not any(rule.rule == "/hello" for rule in app.url_map.iter_rules())


def test_warm_up_loads_the_content_and_the_word_lists():
    """After warming up, the first pupil's answer finds the engine and the lexicon already loaded."""
    from convo.understanding.lexicon import lexicon
    warm_up()
    assert engine.cache_info().currsize == 1
    assert lexicon.cache_info().currsize >= 1


def test_a_web_worker_does_not_load_the_pdf_libraries():
    """fpdf2, fontTools and numpy load only when a PDF is made, keeping every worker smaller and quicker to start."""
    code = ("import sys; from convo import create_app\n"
            "create_app({'TESTING': True, 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
            "print(sorted(m for m in ('fpdf', 'fontTools', 'numpy', 'PIL') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sqlite_databases_use_the_write_ahead_log(db):
    """Readers do not block an answer being written, and a commit does not wait for the disk."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has its own write-ahead log")
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA synchronous")).scalar() == 1, "NORMAL: syncs at checkpoints"
