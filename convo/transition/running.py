"""Building packs in the background, so a careers leader can leave the page while they build.

Each web process has one builder thread. Progress lives in the database (each pack's
`pupils_done`), so any process can report it, and a build whose process died is seen as stalled.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models import TransitionPack
from ..models._time import utcnow

log = logging.getLogger(__name__)

#: A build that has not moved for this long is shown as stalled and may be built again.
STALLED_AFTER = timedelta(minutes=5)
_executor: ThreadPoolExecutor | None = None


def _builder() -> ThreadPoolExecutor:
    """This process's one builder thread, started on first use."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="convo-packs")
    return _executor


def build_batch_now(batch: str) -> None:
    """Build every queued pack of a batch, one after another, in the current app context."""
    from .build import build_pack
    ids = list(db.session.scalars(select(TransitionPack.id).where(
        TransitionPack.batch == batch, TransitionPack.status == "queued").order_by(TransitionPack.id)))
    for pack_id in ids:
        pack = db.session.get(TransitionPack, pack_id)
        if pack is not None:
            build_pack(pack)


def _run(app: Flask, batch: str) -> None:
    """The builder thread's work: the batch, in an app context of its own."""
    with app.app_context():
        try:
            build_batch_now(batch)
        except Exception:  # a failed build is recorded on its pack; nothing here may kill the thread
            log.exception("building transition batch %s failed", batch)
        finally:
            db.session.remove()


def start_batch(batch: str) -> Future | None:
    """Build a batch in the background (or at once when the app is set to build in the request)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("TRANSITION_BUILD_IN_REQUEST"):
        build_batch_now(batch)
        return None
    return _builder().submit(_run, app, batch)


def last_movement() -> datetime | None:
    """When any queued or building pack in the deployment last moved (or was queued)."""
    return db.session.scalar(select(func.max(TransitionPack.updated_at)).where(
        TransitionPack.status.in_(("queued", "building"))))


def is_stalled(pack: TransitionPack, latest: datetime | None = None) -> bool:
    """True when a pack has been queued or building for too long without moving.

    A building pack is stalled when it has not moved itself. A queued pack waits its turn behind
    other schools' builds (one builder thread per process), so it is stalled only when nothing
    anywhere has moved; `latest` is that moment, when the caller has already read it.
    """
    if pack.status == "building":
        return utcnow() - pack.updated_at > STALLED_AFTER
    if pack.status != "queued":
        return False
    moved = [t for t in (latest or last_movement(), pack.updated_at) if t is not None]
    return bool(moved) and utcnow() - max(moved) > STALLED_AFTER


def stalled_ids(packs: list[TransitionPack]) -> set[int]:
    """Which of these packs have stalled, reading the deployment's last movement once."""
    latest = last_movement()
    return {p.id for p in packs if is_stalled(p, latest)}


def running_batch(school, academic_year: int) -> str | None:
    """The batch this school is building for a year, unless it has stalled; None when none is."""
    from .plan import pending_packs
    latest = last_movement()
    for pack in pending_packs(school, academic_year):
        if not is_stalled(pack, latest):
            return pack.batch
    return None


def _state_label(pack: TransitionPack, stalled: bool) -> str:
    """A pack's state while it builds, in words."""
    if stalled:
        return _("Stalled: build again")
    if pack.status == "ready":
        return _("Built, not sent") if pack.sent_at is None else _("Sent")
    if pack.status == "failed":
        return _("Failed: build again")
    if pack.status == "building":
        return _("Building: %(done)d of %(total)d pupils", done=pack.pupils_done, total=pack.pupils_total)
    return _("Waiting to build")


def batch_progress(packs: list[TransitionPack]) -> dict:
    """How far a batch has got: pupils done of the total, and each pack's state."""
    total = sum(p.pupils_total for p in packs)
    done = sum(p.pupils_total if p.status == "ready" else p.pupils_done for p in packs)
    finished = all(p.status in ("ready", "failed") for p in packs)
    stuck = stalled_ids(packs)
    stalled = not finished and bool(stuck)
    if finished and any(p.status == "failed" for p in packs):
        message = _("Finished, but a pack failed to build. Go back and build again.")
    elif finished:
        message = _("All packs are built. You can now send each one.")
    elif stalled:
        message = _("A build has stopped. Go back and build again.")
    else:
        message = _("%(done)d of %(total)d pupils done.", done=done, total=total)
    return {
        "done": done, "total": total, "finished": finished,
        "percent": 100 if total == 0 else round(100 * done / total),
        "stalled": stalled, "message": message,
        "packs": [{"id": p.id, "destination": p.destination_name or p.destination_dfe,
                   "status": "stalled" if p.id in stuck else p.status,
                   "label": _state_label(p, p.id in stuck),
                   "done": p.pupils_done, "total": p.pupils_total} for p in packs],
    }
