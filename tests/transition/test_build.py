"""Building a queued pack: progress, the finished file, and a failure that leaves nothing behind."""
from __future__ import annotations

import hashlib

import pytest

from convo.extensions import db as _db
from convo.models import TransitionPack
from convo.transition import build
from convo.transition.build import build_pack
from convo.transition.files import read_pack_document
from convo.transition.plan import plan_packs
from convo.transition.schema import validate
from convo.transition.storage import pack_folder, pack_path
from convo.schoolyear import current_academic_year

from .conftest import DESTINATION


@pytest.fixture
def queued_pack(two_schools, leavers, db) -> TransitionPack:
    """The one pack planned for the leavers' destination, committed as the careers leader's page would."""
    packs = plan_packs(two_schools["home"]["school"], current_academic_year(), two_schools["home"]["leader"])
    db.session.commit()
    assert [p.destination_dfe for p in packs] == [DESTINATION]
    return packs[0]


def test_a_built_pack_is_ready_with_its_file(queued_pack, monkeypatch):
    """Ready, with an unguessable file in the packs folder whose hash and size are recorded."""
    monkeypatch.setattr(build, "PROGRESS_EVERY", 2)
    seen: list[int] = []
    original = build._progress

    def watching(pack):
        """Record the progress the build commits, as another request would see it."""
        record = original(pack)

        def on_pupil(done: int) -> None:
            """Let the build record progress, then note what it committed."""
            record(done)
            seen.append(pack.pupils_done)
        return on_pupil
    monkeypatch.setattr(build, "_progress", watching)
    build_pack(queued_pack)
    _db.session.expire_all()
    pack = _db.session.get(TransitionPack, queued_pack.id)
    assert (pack.status, pack.error, pack.pupils_done, pack.pupils_total) == ("ready", None, 3, 3)
    assert seen == [0, 2, 3] and pack.built_at is not None
    path = pack_path(pack)
    assert path.parent == pack_folder() and len(pack.file_name) > 30
    assert pack.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert pack.size_bytes == path.stat().st_size
    document = read_pack_document(path)
    validate(document)
    assert [p["surname"] for p in document["pupils"]] == ["O'Brien", "Okafor", "Smith"]


def test_a_failed_build_is_marked_and_leaves_no_file(queued_pack, monkeypatch, caplog):
    """Half way through a failure: status failed, a short error with no pupil data, no file at all."""
    def breaks(path, *, records, on_pupil, **_kwargs):
        """Write part of a pack, then fail with a pupil's name in the message."""
        path.write_bytes(b"part of a zip")
        on_pupil(1)
        raise ValueError(f"cannot draw {records[0]['forename']} {records[0]['surname']}")
    monkeypatch.setattr(build, "write_pack", breaks)
    # The migrations' logging set-up disables loggers that existed before it ran.
    monkeypatch.setattr(build.log, "disabled", False)
    before = set(pack_folder().iterdir())
    build_pack(queued_pack)
    _db.session.expire_all()
    pack = _db.session.get(TransitionPack, queued_pack.id)
    assert pack.status == "failed" and pack.file_name is None and pack.sha256 is None
    assert "ValueError" in pack.error and "Okafor" not in pack.error and "O'Brien" not in pack.error
    assert set(pack_folder().iterdir()) == before
    assert any("could not be built" in r.getMessage() for r in caplog.records)


def test_rebuilding_replaces_the_earlier_file(queued_pack):
    """A pack built twice keeps only its newest file."""
    build_pack(queued_pack)
    first = pack_path(_db.session.get(TransitionPack, queued_pack.id))
    build_pack(_db.session.get(TransitionPack, queued_pack.id))
    second = pack_path(_db.session.get(TransitionPack, queued_pack.id))
    assert second.is_file() and second != first and not first.exists()


def test_a_pack_that_breaks_its_schema_is_not_written(queued_pack, monkeypatch, caplog):
    """The JSON is checked against the published schema before anything is written: a document
    that breaks it fails the build, and the error says where without quoting any pupil's words."""
    from convo.transition import files
    real_document = files.pack_document

    def broken_document(**kwargs):
        """The real document with one pupil's UPN spoiled (a pupil's name in its place)."""
        document = real_document(**kwargs)
        document["pupils"][0]["upn"] = "Amara Okafor"
        return document
    monkeypatch.setattr(files, "pack_document", broken_document)
    monkeypatch.setattr(build.log, "disabled", False)
    build_pack(queued_pack)
    _db.session.expire_all()
    pack = _db.session.get(TransitionPack, queued_pack.id)
    assert pack.status == "failed" and pack.file_name is None
    assert "pupils/0/upn (pattern)" in pack.error and "Okafor" not in pack.error
    assert not any(p.suffix in (".zip", ".part") for p in pack_folder().iterdir())
    assert not any("Okafor" in r.getMessage() for r in caplog.records)
