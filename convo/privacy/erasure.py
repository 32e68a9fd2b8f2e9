"""Erasing one pupil at the school's request: everything but the safeguarding records the law keeps."""
from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l

from .. import audit
from ..extensions import db
from ..models import Pupil
from .removal import Removed, remove_pupils

#: Said after every erasure, whether or not the pupil has safeguarding records. A count would tell
#: the careers leader that a concern exists, which is for the DSL alone to know.
KEPT_BY_DSL = _l("Any safeguarding records about this pupil are kept by the designated safeguarding "
                 "lead, as the law requires; they now hold only the name recorded when they were raised.")
#: Said after an erasure from packs, which cannot reach copies a secondary school already saved.
ASK_SECONDARY = _l("If the secondary school already downloaded a copy, ask them to delete this pupil's page.")


def _plain(name: str) -> str:
    """A name ready to compare: one Unicode form, no case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def full_names(pupil: Pupil) -> set[str]:
    """The names the careers leader may type to confirm: legal or preferred forename with surname."""
    return {_plain(f"{forename} {pupil.surname}")
            for forename in (pupil.legal_forename, pupil.preferred_forename)}


def name_matches(pupil: Pupil, typed: str) -> bool:
    """True if the typed name is the pupil's full name."""
    return _plain(typed or "") in full_names(pupil)


def erase_pupil(pupil: Pupil, *, how: str, staff_id: int | None = None) -> Removed:
    """Remove the pupil's careers record and the pupil, audit it without their name, and commit."""
    from ..transition.unpack import remove_from_packs
    school_id, pupil_id = pupil.school_id, pupil.id
    # The packs' zips are rewritten without the pupil before the pupil row goes.
    packs_changed = remove_from_packs(pupil)
    removed = remove_pupils([pupil_id])
    removed.packs_changed = packs_changed
    detail = removed.as_detail()
    # The concern count stays out of the audit trail, which the careers leader reads.
    detail.pop("concerns", None)
    detail.pop("pack_files", None)
    audit.record("pupil_erased", school_id=school_id, target=f"pupil:{pupil_id}", staff_id=staff_id,
                 how=how, **detail)
    db.session.commit()
    return removed
