"""A school whose every free-text field holds a script-injection payload, entered the way staff and
pupils enter them: the roster upload, the class and staff forms, the tablet and the note form.
"""
from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass, field
from datetime import date

from convo.models import Concern, Pupil, Role, SchoolClass, Staff, TransitionPack
from convo.models.schools import Phase
from convo.schoolyear import current_academic_year
from tests.fixtures.auth import AuthActions
from tests.fixtures.factories import valid_upn
from tests.fixtures.talk import first_option, form_fields, has_ended, step_of

#: Payloads: script tags, event handlers, javascript: URLs, SVG and MathML, attribute and element
#: breakouts, template injection, encodings and look-alike characters. None starts with a
#: spreadsheet formula character, so the roster accepts them all as names.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=2\">",
    "<svg onload=window.__xss=3>",
    "<svg><script>window.__xss=4</script></svg>",
    "\"><script>window.__xss=5</script>",
    "'><img src=x onerror=window.__xss=6>",
    "\" autofocus onfocus=\"window.__xss=7\" x=\"",
    "' autofocus onfocus='window.__xss=8' x='",
    "javascript:window.__xss=9",
    "<a href=\"javascript:window.__xss=10\">Tap me</a>",
    "{{7*7}} {{ config.SECRET_KEY }}",
    "{% print(7*7) %} ${7*7} #{7*7}",
    "<iframe src=\"javascript:window.__xss=13\"></iframe>",
    "<body onload=window.__xss=14>",
    "<details open ontoggle=window.__xss=15>",
    "</textarea><script>window.__xss=16</script>",
    "</title><script>alert(17)</script>",
    "<math><mtext><mglyph><style><img src=x onerror=alert(18)>",
    "＜script＞window.__xss=19＜/script＞",
    "\u202e<b onclick=alert(20)>evil\u202c",
    "<scr<script>ipt>window.__xss=21</script>",
    "<input autofocus onfocus=alert(22)>",
    "</script><script>window.__xss=23</script>",
    "&lt;script&gt;window.__xss=24&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss=25%3C/script%3E",
    "<object data=\"javascript:window.__xss=26\"></object>",
)
#: Short payloads for class names (at most 60 characters).
CLASS_PAYLOADS = ("<svg onload=window.__xss=31>", "\"><img src=x onerror=alert(32)>",
                  "{{7*7}}<script>window.__xss=33</script>")
STAFF_PAYLOADS = ("<img src=x onerror=window.__xss=41>", "\" onmouseover=\"window.__xss=42\" x=\"",
                  "</script><svg onload=alert(43)>")
SECONDARY_DFE = "3804101"


@dataclass
class XssWorld:
    """The school full of payloads, its people and where to find them."""

    school: object
    secondary: object
    people: dict = field(default_factory=dict)
    classes: list = field(default_factory=list)
    pupils: list = field(default_factory=list)
    concern: object = None
    pack: object = None


def _roster(classes: tuple[str, ...]) -> bytes:
    """A roster CSV of Year 6 pupils whose names and class are payloads."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["UPN", "Legal Forename", "Legal Surname", "Preferred Forename", "Date of Birth",
                     "Gender", "Year", "Reg Group", "Destination"])
    born = date(current_academic_year() - 11, 3, 1).strftime("%d/%m/%Y")
    for number, payload in enumerate(PAYLOADS):
        writer.writerow([valid_upn(serial=500 + number), payload, PAYLOADS[(number + 1) % len(PAYLOADS)],
                         PAYLOADS[(number + 2) % len(PAYLOADS)] if number % 3 == 0 else "", born,
                         "F" if number % 2 else "M", "Year 6", classes[number % len(classes)], SECONDARY_DFE])
    return out.getvalue().encode()


def _ok(response, what: str):
    """Fail with the page's status if a step of the set-up did not go through."""
    assert response.status_code in (200, 302), f"{what}: {response.status_code}"
    return response


def _type(client, db, pupil: Pupil, words: str) -> None:
    """Sign the pupil in on the tablet, tap to the first typing step, type the words, and finish."""
    auth = AuthActions(client)
    _ok(auth.pupil(pupil), "tablet sign-in")
    _ok(client.post("/pupil/start"), "start talking")
    typed = False
    for number in range(60):
        step = step_of(db, pupil)
        if has_ended(step):
            break
        if step["form"]["kind"] == "text" and not typed:
            fields = {"turn": step["turn"], "key": f"typed-{number}", "text": words}
            typed = True
        else:
            fields = form_fields(step, first_option(step), f"tap-{number}")
        _ok(client.post("/pupil/talk", data=fields), "answer")
    assert typed, "the conversation never asked the pupil to type"
    client.post("/tablet/finished")


def build_world(app, db, create_school, create_staff) -> XssWorld:
    """Fill a school with payloads through its real pages, and send its transition pack."""
    school = create_school("Payload Primary")
    secondary = create_school("Valley Academy", live=False, phase=Phase.SECONDARY, la_code="380",
                              establishment_number=SECONDARY_DFE[3:])
    world = XssWorld(school, secondary)
    leader = create_staff(school, Role.CAREERS_LEADER, name=STAFF_PAYLOADS[0])
    world.people = {"careers leader": leader, "dsl": create_staff(school, Role.DSL, name=STAFF_PAYLOADS[1]),
                    "transition leader": create_staff(secondary, Role.TRANSITION_LEADER, name="Receiver"),
                    "admin": create_staff(None, name="Admin", is_admin=True)}
    staff = app.test_client()
    AuthActions(staff).sign_in(leader)
    base = f"/schools/{school.id}"
    # A member of staff added through the staff page, with a payload for a name.
    _ok(staff.post(f"{base}/staff", data={"name": STAFF_PAYLOADS[2], "email": "payload@school.example.org",
                                          "roles": ["teacher"]}), "add staff")
    teacher = db.session.query(Staff).filter_by(email="payload@school.example.org").one()
    teacher.password_hash = leader.password_hash
    db.session.commit()
    world.people["teacher"] = teacher
    # The pupils and their classes come in through the roster upload, as from the school's MIS.
    roster, year = _roster(CLASS_PAYLOADS[:2]), current_academic_year()
    preview = _ok(staff.post(f"{base}/roster", data={"file": (io.BytesIO(roster), "roster.csv"),
                                                     "academic_year": year},
                             content_type="multipart/form-data"), "roster preview")
    assert "Import these pupils" in preview.get_data(as_text=True), "the roster was not accepted"
    _ok(staff.post(f"{base}/roster/import", data={"content": base64.b64encode(roster).decode(),
                                                  "academic_year": year}), "roster import")
    _ok(staff.post(f"{base}/classes/new", data={"name": CLASS_PAYLOADS[2], "year_group": 5,
                                                "academic_year": year, "teachers": [teacher.id]}), "new class")
    world.classes = list(db.session.query(SchoolClass).filter_by(school_id=school.id).order_by(SchoolClass.id))
    assert len(world.classes) == 3, [c.name for c in world.classes]
    world.pupils = list(db.session.query(Pupil).filter_by(school_id=school.id).order_by(Pupil.id))
    assert len(world.pupils) == len(PAYLOADS)
    # The payload teacher teaches the first class too, so their pages show its pupils.
    for school_class in world.classes[:1]:
        _ok(staff.post(f"{base}/classes/{school_class.id}/edit", data={
            "name": school_class.name, "year_group": school_class.year_group, "academic_year": year,
            "teachers": [teacher.id]}), "class teachers")
        _ok(staff.post(f"{base}/classes/{school_class.id}/code"), "class code")
    for school_class in world.classes[1:]:
        _ok(staff.post(f"{base}/classes/{school_class.id}/code"), "class code")
    db.session.expire_all()
    tablet = app.test_client()
    for pupil, payload in zip(world.pupils, PAYLOADS):
        _type(tablet, db, pupil, payload)
        _ok(staff.post(f"{base}/pupils/{pupil.id}/notes", data={"text": payload, "staff_only": ""}), "note")
    first = world.pupils[0]
    world.concern = Concern(school_id=school.id, pupil_id=first.id, verbatim=" ".join(PAYLOADS[:6]),
                            kind="physical", severity="high", rule="physical.test", class_id=first.school_class.id,
                            class_name=first.school_class.name, pupil_name=first.display_name)
    db.session.add(world.concern)
    db.session.commit()
    _ok(staff.post(f"{base}/transition/build", data={}), "build packs")
    world.pack = db.session.query(TransitionPack).filter_by(school_id=school.id).one()
    assert world.pack.status == "ready", world.pack.error
    _ok(staff.post(f"{base}/transition/packs/{world.pack.id}/send", data={}), "send pack")
    return world
