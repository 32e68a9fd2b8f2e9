"""A Welsh-medium school's transition pack: its "My future" pages and README are in Welsh."""
from __future__ import annotations

import zipfile

from convo.extensions import db as _db
from convo.models import TransitionPack
from convo.schoolyear import current_academic_year
from convo.transition.build import build_pack
from convo.transition.plan import plan_packs
from convo.transition.storage import pack_path

from .test_files import pdf_texts


def _built(db, two_schools, language: str):
    """Plan and build the home school's pack with the school speaking `language`."""
    school = two_schools["home"]["school"]
    school.language = language
    db.session.commit()
    pack = plan_packs(school, current_academic_year(), two_schools["home"]["leader"])[0]
    db.session.commit()
    build_pack(pack)
    return pack_path(_db.session.get(TransitionPack, pack.id))


def test_a_welsh_school_s_pack_is_in_welsh(db, two_schools, leavers):
    """Headings, tapped answers and job titles in Welsh; the pupils' own words as they said them."""
    path = _built(db, two_schools, "cy")
    amara = next(text for name, text in pdf_texts(path).items() if "Amara" in text)
    assert "Fy nyfodol" in amara
    assert "Labordai gwyddoniaeth" in amara and "Science labs" not in amara
    assert "Milfeddyg" in amara
    assert "a vet cos i love aminals" in amara
    with zipfile.ZipFile(path) as pack:
        readme = next(pack.read(n).decode() for n in pack.namelist() if n.lower().startswith("readme"))
    assert "Pecyn pontio" in readme


def test_an_english_school_s_pack_stays_english(db, two_schools, leavers):
    """The same pupils, from an English school, in English."""
    amara = next(text for text in pdf_texts(_built(db, two_schools, "en_GB")).values() if "Amara" in text)
    assert "My future" in amara and "Science labs" in amara and "Fy nyfodol" not in amara
