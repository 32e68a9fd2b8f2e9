"""How long transition packs take to build: one school's Year 6, and a trust's thousand leavers.

Makes a throwaway SQLite database and instance folder, fills them with realistic careers records
(several years of aspirations, likes, interests, skills, subjects, questions for secondary, shared
and unshared stereotype reflections) and planted canaries that must never reach a pack (a concern's
words, a staff-only note, a redacted detail, an unshared reflection), then times plan_packs and
build_pack for every destination, end to end in one process. Prints a Markdown table and writes
bench/transition-results.json. Run with `make bench-transition`.
"""
from __future__ import annotations

import json
import os
import platform
import random
import sys
import tempfile
import time
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

from stdnum.gb import upn as upn_number

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "transition-results.json"
YEAR = 2026
CANARIES = ("Quibblewick marmalade", "Fennimore crabapple", "Wobbleton", "grumblesnouts", "[name]")
#: (name, schools, Year 6 pupils per school, destinations per school)
RUNS = (("One school", 1, 60, 3), ("Trust", 10, 100, 6))

JOBS = [("a vet cos i love aminals", "Vet", "2240", "Animal care"),
        ("fie fiter", "Firefighter", "3313", "Emergency and uniform services"),
        ("make games for computers", "Games developer", "2134", "Computing, technology and digital"),
        ("a teacher like miss", "Primary teacher", "2314", "Teaching and education"),
        ("footballer", "Professional footballer", "3441", "Sports and leisure"),
        ("builder", "Builder", "5319", "Construction and trades"),
        ("doctor for kids", "Doctor", "2211", "Healthcare"),
        ("i want to be a scientist and find out about space", "Scientist", "2119", "Science and research"),
        ("a chef in a big resturant", "Chef", "5434", "Hospitality and food"),
        ("nurse", "Nurse", "2231", "Healthcare")]
LIKES = ["helping animals", "being brave", "making things", "you get to be outside", None,
         "helping people feel better", "playing every day", "cooking nice food for people"]
THINGS = {"interest": ["Drawing", "Football", "Minecraft", "Dancing", "Reading", "Animals", "Lego"],
          "skill": ["Counting money", "Being kind", "Working in a team", "Drawing", "Running fast"],
          "subject": ["Maths", "Science", "Art", "PE", "English", "Computing"],
          "find_out_at_secondary": ["Is there a robot club?", "Will I get lost?", "What is science like",
                                    "Can I do drama"]}
STEREOTYPES = [("gender", "only boys can be builders"), ("gender", "girls cant be engineers"),
               ("ability", "you have to be clever to be a vet"), ("age", "old people cant use computers")]


def make_app(folder: Path):
    """A Convo app on an empty SQLite database in the throwaway folder."""
    os.environ["CONVO_INSTANCE_PATH"] = str(folder / "instance")
    from convo import create_app
    from convo.extensions import db
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}"})
    with app.app_context():
        db.create_all()
    return app


def seed(schools: int, pupils_each: int, destinations: int, rng: random.Random) -> list:
    """Schools with Year 6 leavers, each with several years of careers records and the canaries."""
    from convo.extensions import db
    from convo.models import (Aspiration, Concern, Enrolment, Pupil, Reflection, School, SchoolClass,
                              StereotypeEvent)
    from convo.models.review import TeacherNote
    made = []
    for s in range(schools):
        school = School(name=f"Bench Primary {s + 1}", urn=f"{150000 + s}", la_code="380",
                        establishment_number=f"{2100 + s}")
        school_class = SchoolClass(school=school, name="Year 6", year_group=6, academic_year=YEAR)
        db.session.add_all([school, school_class])
        db.session.flush()
        for n in range(pupils_each):
            serial = s * 1000 + n
            body = f"380{2100 + s:04d}{serial % 100:02d}{serial // 100:03d}"
            pupil = Pupil(school_id=school.id, school_class=school_class, legal_forename=f"Pupil{n}",
                          preferred_forename=rng.choice(["Amara", "Leo", "Zoë", "Mohammed", "Olivia", "Jack"]),
                          surname=f"Surname{n:03d}", date_of_birth=date(2015, 1 + n % 12, 1 + n % 28),
                          sex=rng.choice("FM"), upn=upn_number.calc_check_digit(body) + body, year_group=6,
                          destination_dfe=f"38040{n % destinations:02d}")
            pupil.enrolments.append(Enrolment(school_class=school_class, academic_year=YEAR, year_group=6))
            db.session.add(pupil)
            db.session.flush()
            rows = []
            for back, year_group in enumerate(range(3, 7)):
                for said, title, soc, family in rng.sample(JOBS, rng.randint(1, 2)):
                    rows.append(Aspiration(pupil_id=pupil.id, said=said, title=title, soc2020=soc, family=family,
                                           likes=rng.choice(LIKES), academic_year=YEAR - 3 + back,
                                           year_group=year_group))
            rows.append(Aspiration(pupil_id=pupil.id, said="a nurse like [name] in Wobbleton", title="Nurse",
                                   soc2020="2231", academic_year=YEAR, year_group=6))
            for kind, options in THINGS.items():
                for text in rng.sample(options, rng.randint(1, 3)):
                    rows.append(Reflection(pupil_id=pupil.id, kind=kind, text=text, academic_year=YEAR,
                                           year_group=6))
            kind, said = rng.choice(STEREOTYPES)
            rows += [StereotypeEvent(pupil_id=pupil.id, kind=kind, redacted_text=said, view_after="changed",
                                     shared_with_secondary=True, academic_year=YEAR, year_group=6),
                     StereotypeEvent(pupil_id=pupil.id, kind="ability", redacted_text="only grumblesnouts fly",
                                     view_after="same", academic_year=YEAR, year_group=6),
                     TeacherNote(pupil_id=pupil.id, text="Fennimore crabapple at home", staff_only=True),
                     Concern(school_id=school.id, pupil_id=pupil.id, pupil_name=pupil.display_name,
                             verbatim="Quibblewick marmalade at home", kind="other", severity="high",
                             rule="bench")]
            db.session.add_all(rows)
        db.session.commit()
        made.append(school.id)
    return made


def check_pack(path: Path, every: int) -> None:
    """Stop the run if a canary or a UPN reached a pack, reading every file and every n-th page."""
    from pypdf import PdfReader

    from convo.transition.files import read_pack_document
    from convo.transition.schema import validate
    document = read_pack_document(path)
    validate(document)
    upns = [p["upn"] for p in document["pupils"]]
    with zipfile.ZipFile(path) as pack:
        pages = [name for name in pack.namelist() if name.endswith(".pdf")]
        if len(pages) != len(upns):
            sys.exit(f"{path.name} has {len(pages)} pages for {len(upns)} pupils")
        for name in pack.namelist():
            if name.endswith(".pdf"):
                if int(name.split("/")[1].split("-")[0]) % every:
                    continue
                text = PdfReader(BytesIO(pack.read(name))).pages[0].extract_text()
                leaked = [u for u in upns if u in text]
            else:
                text = pack.read(name).decode("utf-8-sig")
                leaked = []
            leaked += [c for c in CANARIES if c in text]
            if leaked:
                sys.exit(f"{path.name}/{name} carries what it must not: {leaked}")


def run(app, name: str, schools: int, pupils_each: int, destinations: int) -> dict:
    """Seed one scenario, then plan and build every pack, timed end to end."""
    from convo.extensions import db
    from convo.models import School, TransitionPack
    from convo.transition.build import build_pack
    from convo.transition.plan import plan_packs
    from convo.transition.storage import pack_path
    with app.app_context():
        db.drop_all()
        db.create_all()
        school_ids = seed(schools, pupils_each, destinations, random.Random(2026))
        db.session.remove()
        started, cpu_started = time.perf_counter(), time.process_time()
        packs = []
        for school_id in school_ids:
            school = db.session.get(School, school_id)
            planned = plan_packs(school, YEAR, None)
            db.session.commit()
            for pack in planned:
                build_pack(pack)
                packs.append(pack.id)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        built = [db.session.get(TransitionPack, pack_id) for pack_id in packs]
        failed = [p.id for p in built if p.status != "ready"]
        if failed:
            sys.exit(f"{name}: packs {failed} did not build")
        for pack in built:
            check_pack(pack_path(pack), every=10)
        pupils = sum(p.pupils_total for p in built)
        return {"name": name, "pupils": pupils, "packs": len(built), "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu_seconds, 2),
                "pupils_per_second": round(pupils / seconds, 1),
                "megabytes": round(sum(p.size_bytes for p in built) / 1e6, 2),
                # Other work on the machine slows a run down; the 1-minute load average says how much.
                "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    """Run every scenario, print the table and write the results file."""
    results = []
    with tempfile.TemporaryDirectory(prefix="convo-bench-") as folder:
        app = make_app(Path(folder))
        with app.app_context():
            # The lean fonts are made once per instance folder, on the first build; timed on their own.
            from convo.transition.fonts import lean_fonts
            started = time.perf_counter()
            lean_fonts()
            font_seconds = round(time.perf_counter() - started, 2)
        for scenario in RUNS:
            results.append(run(app, *scenario))
            print(f"{results[-1]['name']}: {results[-1]['seconds']} s", file=sys.stderr)
    print("| run | pupils | packs | seconds | pupils/s | CPU seconds | MB | load average |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['name']} | {r['pupils']} | {r['packs']} | {r['seconds']} | {r['pupils_per_second']} "
              f"| {r['cpu_seconds']} | {r['megabytes']} | {r['load_average']} |")
    print(f"\nMaking the lean fonts, once per instance folder before the first build: {font_seconds} s")
    RESULTS.write_text(json.dumps({
        "python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
        "font_cache_seconds": font_seconds, "runs": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
