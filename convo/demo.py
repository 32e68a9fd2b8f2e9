"""The demo deployment: two primary schools with staff, classes and pupils that look real."""
from __future__ import annotations

import csv
import io
import random
from datetime import date

from stdnum.gb import upn as upn_number

from .admin.operations import create_school
from .auth.passwords import hash_password
from .demo_conversations import load_demo_conversations
from .extensions import db
from .models import Role, School, Staff
from .models.schools import Phase
from .roster.apply import import_roster
from .roster.parse import parse_roster
from .safeguarding.contacts import confirm_dsl
from .school.class_ops import renew_code, save_class
from .school.staff_ops import add_staff
from .schoolyear import current_academic_year

# The demo school's published password.
DEMO_PASSWORD = "demo-password"  # nosec B105
FIRST_NAMES = (
    "Amara", "Oliver", "Aisha", "Jack", "Zara", "Muhammad", "Isla", "Leo", "Maya", "Noah", "Freya",
    "Harry", "Priya", "George", "Sofia", "Kwame", "Ivy", "Oscar", "Lily", "Arjun", "Grace", "Theo",
    "Hana", "Alfie", "Ruby", "Yusuf", "Evie", "Finley", "Mei", "Reggie", "Poppy", "Ibrahim", "Ava",
    "Dylan", "Niamh", "Tomasz", "Chloe", "Ethan", "Layla", "Kai",
)
SURNAMES = (
    "Okafor", "Smith", "Khan", "Jones", "Patel", "Williams", "Nowak", "Brown", "Ahmed", "Taylor",
    "Begum", "Wilson", "Mensah", "Evans", "Chen", "Hughes", "Ali", "Walker", "Kaur", "Roberts",
    "Murphy", "Green", "Hussain", "Clarke", "Osei", "Wright", "Singh", "Hall", "Kowalski", "Lewis",
)
# Names some pupils are known by, so the demo shows preferred forenames at work.
NICKNAMES = {"Oliver": "Ollie", "Muhammad": "Mo", "Alfie": "Alf", "Isla": "Izzy", "Tomasz": "Tom",
             "Ibrahim": "Ibby"}
CLASS_NAMES = ("Robins", "Owls", "Foxes", "Oak", "Ash", "Willow", "Rowan")
PRIMARY = {"name": "Demo Primary School", "urn": "999901", "la_code": "380",
           "establishment_number": "2999"}
SECOND = {"name": "Second Demo Primary", "urn": "999902", "la_code": "380",
          "establishment_number": "2998"}
DOMAIN = "demo-primary.example.org"
#: Two secondary schools in the demo deployment; Year 6 pupils move on to them (and one elsewhere).
ACADEMY = {"name": "Demo Academy", "urn": "999911", "la_code": "380", "establishment_number": "4001"}
RIVERSIDE = {"name": "Riverside High School", "urn": "999912", "la_code": "380",
             "establishment_number": "4002"}
#: A secondary school in another local authority, not in this deployment: its pack is downloaded.
ELSEWHERE_DFE = "8604003"
#: Where Year 6 pupils go, in roster order: most to the academy, some to Riverside, one elsewhere,
#: and one whose destination the roster does not have yet.
YEAR6_DESTINATIONS = ("3804001",) * 5 + ("3804002",) * 3 + (ELSEWHERE_DFE, "")
SIGN_INS = (
    (f"careers@{DOMAIN}", "Careers leader, Demo Primary School"),
    (f"dsl@{DOMAIN}", "Designated safeguarding lead, Demo Primary School"),
    *((f"teacher.{label}@{DOMAIN}", f"Class teacher, {name} ({'Reception' if i == 0 else f'Year {i}'})")
      for i, (label, name) in enumerate(zip(("r", "y1", "y2", "y3", "y4", "y5", "y6"), CLASS_NAMES))),
    ("careers@second-demo.example.org", "Careers leader, Second Demo Primary"),
    ("transition@demo-academy.example.org", "Transition leader, Demo Academy (secondary; sees incoming packs)"),
    ("admin@demo.example.org", "Deployment administrator (adds schools; sees no pupils)"),
)


def demo_upn(school: dict[str, str], index: int, year_admitted: int) -> str:
    """A valid-looking UPN for the demo school's LA and establishment."""
    body = f"{school['la_code']}{school['establishment_number']}{year_admitted % 100:02d}{index:03d}"
    return upn_number.calc_check_digit(body) + body


def roster_csv(school: dict[str, str], classes: list[tuple[str, int]], per_class: int,
               seed: int) -> bytes:
    """A roster in the shape SIMS exports, for the demo to import through the real importer."""
    # Repeatable made-up names, not secrets.
    rng = random.Random(seed)  # nosec B311
    year = current_academic_year()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "DOB",
                     "Gender", "Year", "Reg Group", "Destination DfE number"])
    index = 0
    for class_name, year_group in classes:
        for place in range(per_class):
            index += 1
            born = year - 5 - year_group
            dob = date(born, rng.randint(9, 12), rng.randint(1, 28)) if rng.random() < 0.35 else \
                date(born + 1, rng.randint(1, 8), rng.randint(1, 28))
            forename = rng.choice(FIRST_NAMES)
            writer.writerow([demo_upn(school, index, year - year_group), forename,
                             NICKNAMES.get(forename, "") if rng.random() < 0.5 else "",
                             rng.choice(SURNAMES),
                             dob.strftime("%d/%m/%Y"), rng.choice(["F", "M"]),
                             "R" if year_group == 0 else str(year_group), class_name,
                             YEAR6_DESTINATIONS[place % len(YEAR6_DESTINATIONS)] if year_group == 6 else ""])
    return out.getvalue().encode("utf-8")


def _account(school: School, email: str, name: str, roles: list[Role]) -> Staff:
    """A demo member of staff with the demo password."""
    staff, _token = add_staff(school, email, name, roles)
    staff.password_hash = hash_password(DEMO_PASSWORD)
    db.session.commit()
    return staff


def _load_school(details: dict[str, str], classes: list[tuple[str, int]], per_class: int,
                 seed: int) -> School:
    """Create one demo school and import its roster through the real importer."""
    school = create_school(**details)
    checked = parse_roster(roster_csv(details, classes, per_class, seed))
    if not checked.ok:
        raise RuntimeError(f"demo roster has problems: {checked.problems}")
    import_roster(school, checked.rows, current_academic_year(), source="demo")
    return school


def load_demo() -> None:
    """Create both demo schools with their staff, classes, tablet codes and pupils."""
    year = current_academic_year()
    school = _load_school(PRIMARY, list(zip(CLASS_NAMES, range(7))), 10, seed=2026)
    _account(school, f"careers@{DOMAIN}", "Sam Careers", [Role.CAREERS_LEADER])
    dsl = _account(school, f"dsl@{DOMAIN}", "Dee Safeguarding", [Role.DSL])
    # The demo DSL has confirmed they receive alerts, so the demo's pupils can talk straight away.
    confirm_dsl(school, dsl)
    db.session.commit()
    teacher_names = ("Ms Reid", "Mr Hale", "Mrs Osei", "Mr Nowak", "Ms Patel", "Mrs Evans", "Mr Singh")
    for label, teacher, (class_name, _y) in zip(("r", "y1", "y2", "y3", "y4", "y5", "y6"),
                                                teacher_names, zip(CLASS_NAMES, range(7))):
        staff = _account(school, f"teacher.{label}@{DOMAIN}", teacher, [Role.TEACHER])
        _assign(school, class_name, year, staff)
    second = _load_school(SECOND, [("Hazel", 2), ("Beech", 5)], 6, seed=2027)
    _account(second, "careers@second-demo.example.org", "Pat Second", [Role.CAREERS_LEADER, Role.TEACHER])
    for school_class in second.classes:
        _assign(second, school_class.name, year, second.memberships[0].staff)
    load_demo_conversations(school)
    _load_secondaries()
    admin = Staff(email="admin@demo.example.org", name="Alex Admin", is_admin=True,
                  password_hash=hash_password(DEMO_PASSWORD))
    db.session.add(admin)
    db.session.commit()


def _load_secondaries() -> None:
    """The two demo secondary schools; the academy's transition leader can open packs sent to it."""
    academy = create_school(**ACADEMY, phase=Phase.SECONDARY)
    create_school(**RIVERSIDE, phase=Phase.SECONDARY)
    _account(academy, "transition@demo-academy.example.org", "Jo Transition", [Role.TRANSITION_LEADER])


def _assign(school: School, class_name: str, year: int, teacher: Staff) -> None:
    """Make `teacher` the teacher of a demo class and give the class a tablet code."""
    school_class = next(c for c in school.classes if c.name == class_name and c.academic_year == year)
    save_class(school, school_class, name=school_class.name, year_group=school_class.year_group,
               academic_year=year, teacher_ids=[t.id for t in school_class.teachers] + [teacher.id])
    renew_code(school_class, days=90)

