"""Building a queued transition pack into its zip, with progress the careers leader can watch."""
from __future__ import annotations

import hashlib
import logging
import secrets
from pathlib import Path

from ..extensions import db
from ..i18n import in_language, school_language
from ..models import TransitionPack
from ..models._time import utcnow
from .content import pupil_records
from .files import write_pack
from .schema import DoesNotFollowSchema
from .storage import pack_folder, pack_path

log = logging.getLogger(__name__)

#: How many pupils' pages are made between progress commits.
PROGRESS_EVERY = 10


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove(*paths: Path | None) -> None:
    """Delete files that may or may not exist."""
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)


def _progress(pack: TransitionPack):
    """A callback that records pages made, committing every few pupils so other requests see it."""
    def on_pupil(done: int) -> None:
        """Record that `done` pupils' pages are made."""
        if done % PROGRESS_EVERY == 0 or done == pack.pupils_total:
            pack.pupils_done = done
            pack.updated_at = utcnow()
            db.session.commit()
    return on_pupil


def _fail(pack_id: int, error: Exception) -> None:
    """Mark the pack failed with a short reason that carries no pupil's data."""
    db.session.rollback()
    pack = db.session.get(TransitionPack, pack_id)
    if pack is None:
        return
    pack.status = "failed"
    # The exception's type only: its message could quote a pupil's words or name.
    pack.error = f"The pack could not be built ({type(error).__name__}). Try again, or see the server log."
    if isinstance(error, DoesNotFollowSchema):  # names places in the document, never their values
        pack.error = f"The pack was not written: {error}"[:500]
    pack.updated_at = utcnow()
    db.session.commit()


def build_pack(pack: TransitionPack) -> None:
    """Build a pack's zip in the packs folder; on failure mark it failed, remove any part, and log.

    Rebuilding a pack replaces its file: the earlier one is deleted once the new one is ready.
    """
    pack_id, final, partial = pack.id, None, None
    earlier = pack_path(pack)
    try:
        pack.status, pack.error, pack.pupils_done = "building", None, 0
        pack.pupils_total = len(pack.pupils)
        db.session.commit()
        pupils = sorted(pack.pupils, key=lambda p: (p.surname.casefold(), p.preferred_forename.casefold(), p.id))
        name = f"pack-{pack.id}-{secrets.token_urlsafe(24)}.zip"
        final = pack_folder() / name
        partial = final.with_name(name + ".part")
        built_at = utcnow().replace(microsecond=0)
        # The pages speak the sending school's language (Welsh for a Welsh-medium school).
        with in_language(school_language(pack.school)):
            records = pupil_records(pupils)
            write_pack(partial, sender=pack.school, destination_dfe=pack.destination_dfe,
                       destination_name=pack.destination_name, academic_year=pack.academic_year,
                       records=records, built_at=built_at, on_pupil=_progress(pack))
        partial.replace(final)
        pack.status, pack.built_at, pack.file_name = "ready", built_at, name
        pack.sha256, pack.size_bytes = sha256_of(final), final.stat().st_size
        pack.pupils_done = pack.pupils_total
        db.session.commit()
        if earlier is not None and earlier != final:
            earlier.unlink(missing_ok=True)
        log.info("Transition pack %s built: %s pupils, %s bytes", pack_id, pack.pupils_total, pack.size_bytes)
    except Exception as error:  # noqa: BLE001 - any failure must leave the pack marked, not half-built
        log.exception("Transition pack %s could not be built", pack_id)
        _remove(partial, final)
        _fail(pack_id, error)
