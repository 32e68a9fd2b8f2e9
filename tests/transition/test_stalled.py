"""A build is "stalled" only when it has really stopped, not while it waits behind another school's."""
from __future__ import annotations

from datetime import timedelta

from convo.models import TransitionPack
from convo.models._time import utcnow
from convo.transition.plan import replace_unsent
from convo.transition.running import STALLED_AFTER, batch_progress, is_stalled, running_batch

LONG_AGO = STALLED_AFTER + timedelta(minutes=5)


def _pack(db, school, status: str, moved_ago: timedelta, dfe: str = "3804101") -> TransitionPack:
    """A pack in a state, last moved `moved_ago`; updated_at is set after the insert, as onupdate would not."""
    pack = TransitionPack(school_id=school.id, destination_dfe=dfe, academic_year=2026, batch=f"b{school.id}",
                          status=status, pupils_total=40)
    db.session.add(pack)
    db.session.flush()
    db.session.execute(TransitionPack.__table__.update().where(TransitionPack.id == pack.id)
                       .values(updated_at=utcnow() - moved_ago))
    db.session.commit()
    db.session.refresh(pack)
    return pack


def test_queued_behind_a_long_build_is_not_stalled(db, create_school):
    """A pack queued long ago waits, not stalls, while another school's build keeps moving."""
    busy, waiting = create_school("Busy Primary", live=False), create_school("Waiting Primary", live=False)
    building = _pack(db, busy, "building", timedelta(seconds=20))
    queued = _pack(db, waiting, "queued", LONG_AGO)
    assert not is_stalled(queued) and not is_stalled(building)
    assert not batch_progress([queued])["stalled"]
    assert running_batch(waiting, 2026) == queued.batch
    # A new build for the waiting school leaves its queued pack alone rather than replacing it.
    assert replace_unsent(waiting, 2026, "3804101") == 0


def test_nothing_moving_anywhere_is_stalled(db, create_school):
    """When the build it waits behind has stopped too, the queued pack is stalled, and so is that build."""
    busy, waiting = create_school("Busy Primary", live=False), create_school("Waiting Primary", live=False)
    building = _pack(db, busy, "building", LONG_AGO)
    queued = _pack(db, waiting, "queued", LONG_AGO)
    assert is_stalled(queued) and is_stalled(building)
    assert batch_progress([queued])["stalled"]
    assert running_batch(waiting, 2026) is None
    assert replace_unsent(waiting, 2026, "3804101") == 1


def test_a_building_pack_stalls_on_its_own_clock(db, create_school):
    """A build that has stopped is stalled even while another school's build moves."""
    busy, stopped = create_school("Busy Primary", live=False), create_school("Stopped Primary", live=False)
    _pack(db, busy, "building", timedelta(seconds=20))
    dead = _pack(db, stopped, "building", LONG_AGO)
    assert is_stalled(dead) and running_batch(stopped, 2026) is None
