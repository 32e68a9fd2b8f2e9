"""Taking one erased pupil out of every transition pack that holds them, file and record alike.

The zip is rewritten without the pupil's page, CSV row and JSON entry; the other pupils' pages are
copied byte for byte, as they were sent. A pack left with no pupils is deleted.
"""
from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..i18n import in_language, school_language
from ..models import Pupil, TransitionPack, pack_pupils
from ..models._time import utcnow
from .files import CSV_FILE, DOCUMENT, README, readme
from .storage import pack_path


def packs_holding(pupil: Pupil) -> list[TransitionPack]:
    """Every pack, sent or not, that lists the pupil."""
    return list(db.session.scalars(select(TransitionPack).join(
        pack_pupils, pack_pupils.c.pack_id == TransitionPack.id).where(pack_pupils.c.pupil_id == pupil.id)))


def _csv_without(data: bytes, upn: str) -> tuple[bytes, list[str]]:
    """The CSV without the pupil's rows, and the PDF file names those rows named."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    upn_at, pdf_at = header.index("upn"), header.index("pdf_file")
    gone = [row[pdf_at] for row in body if row[upn_at] == upn]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header] + [r for r in body if r[upn_at] != upn])
    return out.getvalue().encode("utf-8-sig"), gone


def rewrite_without(path: Path, upn: str, language: str) -> int:
    """Rewrite a pack's zip without one pupil, atomically; the number of pupils left in it."""
    with zipfile.ZipFile(path) as old:
        document = json.loads(old.read(DOCUMENT).decode("utf-8"))
        document["pupils"] = [r for r in document["pupils"] if r.get("upn") != upn]
        csv_bytes, gone = _csv_without(old.read(CSV_FILE), upn)
        with in_language(language):
            new_readme = readme(document).encode("utf-8")
        replaced = {README: new_readme, CSV_FILE: csv_bytes,
                    DOCUMENT: json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")}
        temporary = path.with_name(path.name + ".erasing")
        with zipfile.ZipFile(temporary, "w") as new:
            for info in old.infolist():
                if info.filename in gone:
                    continue
                new.writestr(info, replaced.get(info.filename) or old.read(info))
    os.replace(temporary, path)
    return len(document["pupils"])


def remove_from_packs(pupil: Pupil) -> int:
    """Take the pupil out of every pack that holds them; the number of packs changed. The caller commits."""
    from .build import sha256_of
    packs = packs_holding(pupil)
    for pack in packs:
        path = pack_path(pack)
        left = len(pack.pupils) - 1
        if path is not None and path.exists() and pack.purged_at is None:
            try:
                left = rewrite_without(path, pupil.upn, school_language(pack.school))
                pack.sha256, pack.size_bytes = sha256_of(path), path.stat().st_size
            except (zipfile.BadZipFile, KeyError, ValueError):
                # A file that cannot be read as a pack cannot be cleaned, so it goes altogether.
                path.unlink(missing_ok=True)
                pack.purged_at = utcnow()
        pack.pupils = [p for p in pack.pupils if p.id != pupil.id]
        if left <= 0:
            if path is not None:
                path.unlink(missing_ok=True)
            db.session.delete(pack)
            continue
        pack.pupils_total = pack.pupils_done = left
    db.session.flush()
    return len(packs)
