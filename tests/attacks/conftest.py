"""A deployment to attack: two primary schools (A and B) and two secondaries, with canaries in B.

Every record of school B carries a made-up word (a "canary") that appears nowhere else, so a
response that shows any of B's data can be caught by looking for the words. School A has a class
its own teacher does not teach, with canaries of its own, and a transition pack that was never
sent, for the checks inside one school.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from convo.models import Concern, Role, StereotypeEvent, TeacherNote, TransitionPack
from convo.models.schools import Phase
from convo.schoolyear import current_academic_year
from convo.transition.build import build_pack
from convo.transition.operations import send_pack
from convo.transition.plan import plan_packs
from tests.fixtures.factories import go_live
from tests.fixtures.talk import play

#: Room for the suites' many sign-ins and class codes. (Not RATELIMIT_ENABLED=False: the limiter is
#: shared by every app in the run, and switching it off would switch it off for later tests too.)
GENEROUS_LIMITS = {"SIGN_IN_RATE_LIMIT": "1000 per minute", "CLASS_CODE_RATE_LIMIT": "1000 per minute"}
#: The secondary school that A's leavers go to, and the one B's leavers go to.
SECONDARY_DFE, ELSEWHERE_DFE = "3804101", "3804102"


@dataclass
class School:
    """One primary school of the attack deployment, with its people and records."""

    school: object
    staff: dict = field(default_factory=dict)
    classes: dict = field(default_factory=dict)
    pupils: dict = field(default_factory=dict)
    conversation: object = None
    concern: object = None
    stereotype: object = None
    packs: dict = field(default_factory=dict)


@dataclass
class World:
    """The whole deployment, with the canary words of each kind of record."""

    a: School
    b: School
    secondary: object
    elsewhere: object
    transition_leader: object
    admin: object
    #: Words from school B's records: none may reach anyone outside school B.
    b_canaries: tuple[str, ...]
    #: Words from school A's class that A's teacher does not teach (Ash, with Tobiah Wrenfeld).
    a_other_class_canaries: tuple[str, ...]
    #: The name of a pupil who is only in A's unsent pack to the secondary.
    unsent_pack_canaries: tuple[str, ...]


def _record(db, row):
    """Add a row and commit it."""
    db.session.add(row)
    db.session.commit()
    return row


def _primary(db, make, key: str, words: dict, destination: str) -> School:
    """A live primary school with every role, two classes, talking pupils, a concern, a note and a pack."""
    create_school, create_staff, create_class, create_pupil = make
    school = create_school(words["school"], live=False)
    found = School(school)
    for role, label in ((Role.CAREERS_LEADER, "leader"), (Role.DSL, "dsl"), (Role.DEPUTY_DSL, "deputy"),
                        (Role.TEACHER, "teacher_a"), (Role.TEACHER, "teacher_b")):
        found.staff[label] = create_staff(school, role, name=f"{key} {label}")
    go_live(db, school, found.staff["dsl"])
    found.classes["a"] = create_class(school, words["class_a"], 6, teachers=[found.staff["teacher_a"]])
    found.classes["b"] = create_class(school, words["class_b"], 4, teachers=[found.staff["teacher_b"]])
    found.pupils["a"] = create_pupil(found.classes["a"], *words["pupil_a"], destination_dfe=destination)
    found.pupils["b"] = create_pupil(found.classes["b"], *words["pupil_b"])
    found.conversation = play(found.pupils["b"], typed=words["typed"])
    play(found.pupils["a"], typed=words["typed_a"])
    pupil = found.pupils["b"]
    found.concern = _record(db, Concern(
        school_id=school.id, pupil_id=pupil.id, verbatim=words["concern"], kind="physical", severity="high",
        rule="physical.test", class_id=pupil.school_class.id, class_name=pupil.school_class.name,
        pupil_name=f"{pupil.display_name} ({pupil.school_class.name})"))
    found.stereotype = _record(db, StereotypeEvent(
        pupil_id=pupil.id, kind="gender", redacted_text=f"only boys can be {words['stereotype']}",
        view_after="changed", academic_year=current_academic_year(), year_group=pupil.year_group))
    _record(db, TeacherNote(pupil_id=pupil.id, text=words["note"], staff_only=True))
    _record(db, TeacherNote(pupil_id=found.pupils["a"].id, text=f"{key} shared note", staff_only=False))
    found.packs["sent"] = _sent_pack(db, school, found.staff["leader"])
    return found


def _built_pack(db, school, leader) -> TransitionPack:
    """Plan and build this school's one pack of leavers, as the careers leader's button does."""
    (pack,) = plan_packs(school, current_academic_year(), leader)
    db.session.commit()
    build_pack(pack)
    db.session.refresh(pack)
    assert pack.status == "ready", pack.error
    return pack


def _sent_pack(db, school, leader) -> TransitionPack:
    """Build the school's pack and send it."""
    pack = _built_pack(db, school, leader)
    assert send_pack(pack, leader)
    db.session.commit()
    return pack


A_WORDS = {"school": "Alder Primary", "class_a": "Oak", "class_b": "Hazelnutmeg",
           "pupil_a": ("Amara", "Okafor"), "pupil_b": ("Tobiah", "Wrenfeld"),
           "typed": "a lighthouse keeper with cormorantine boats", "typed_a": "a vet with rabbits",
           "concern": "Thistlegrub said something at home", "stereotype": "pilotsquash",
           "note": "Marrowpipe note"}
B_WORDS = {"school": "Birch Primary", "class_a": "Quinceberry", "class_b": "Zanzibarley",
           "pupil_a": ("Zephyrine", "Quillfeather"), "pupil_b": ("Odalric", "Brindlewhump"),
           "typed": "a zookeeper with snorkelbyte parrots", "typed_a": "an astronaut on gloamfrost moon",
           "concern": "Kettlewhisk said something worrying", "stereotype": "dragonquibble",
           "note": "Pumpernoodle note"}


def _canaries(words: dict) -> tuple[str, ...]:
    """The distinctive words of one school's records."""
    return (words["class_a"], words["class_b"], *words["pupil_a"], *words["pupil_b"],
            words["typed"].split()[-2], words["typed_a"].split()[-2], words["concern"].split()[0],
            words["stereotype"], words["note"].split()[0])


@pytest.fixture
def world(db, create_school, create_staff, create_class, create_pupil) -> World:
    """The attack deployment: schools A and B, a secondary for A's leavers and one for B's."""
    make = (create_school, create_staff, create_class, create_pupil)
    secondary = create_school("Valley Academy", live=False, phase=Phase.SECONDARY, la_code="380",
                              establishment_number=SECONDARY_DFE[3:])
    elsewhere = create_school("Far High", live=False, phase=Phase.SECONDARY, la_code="380",
                              establishment_number=ELSEWHERE_DFE[3:])
    transition_leader = create_staff(secondary, Role.TRANSITION_LEADER, name="Valley transition leader")
    create_staff(elsewhere, Role.TRANSITION_LEADER, name="Far transition leader")
    admin = create_staff(None, name="Deployment admin", is_admin=True)
    a = _primary(db, make, "alder", A_WORDS, SECONDARY_DFE)
    b = _primary(db, make, "birch", B_WORDS, ELSEWHERE_DFE)
    # A pupil joins A's Year 6 after its pack was sent: the rebuilt pack is never sent.
    create_pupil(a.classes["a"], "Ottoline", "Snickersby", destination_dfe=SECONDARY_DFE)
    a.packs["unsent"] = _built_pack(db, a.school, a.staff["leader"])
    return World(a=a, b=b, secondary=secondary, elsewhere=elsewhere, transition_leader=transition_leader,
                 admin=admin, b_canaries=_canaries(B_WORDS),
                 a_other_class_canaries=("Hazelnutmeg", "Tobiah", "Wrenfeld", "cormorantine", "Thistlegrub",
                                         "pilotsquash", "Marrowpipe"),
                 unsent_pack_canaries=("Ottoline", "Snickersby"))
