"""Aspirations: the pupil's own wishes, coded to SOC 2020, however they are spelled or put."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


def titles(text: str, year_group: str | None = None) -> list[str]:
    """The aspiration titles analyse() finds, in order."""
    return [a.title for a in analyse(text, year_group).aspirations]


def codes(text: str, year_group: str | None = None) -> list[str]:
    """The SOC 2020 codes analyse() finds, in order."""
    return [a.soc2020 for a in analyse(text, year_group).aspirations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a vet", ["2240"]),
        ("an electrician", ["5241"]),
        ("youtuber", ["3413"]),
        ("a streamer", ["3413"]),
        ("an influencer", ["3413"]),
        ("tiktoker", ["3413"]),
        ("a zoo keeper", ["6129"]),
        ("i want to be a games designer", ["2134"]),
        ("an astronaut", ["2114"]),
        ("a hairdresser", ["6221"]),
        ("a soldier", ["3311"]),
        ("a chef", ["5434"]),
        ("a dancer", ["3414"]),
        ("a primary school teacher", ["2314"]),
        ("a tree surgeon", ["5119"]),
        ("an ornithologist", ["2112"]),
    ],
)
def test_named_jobs_get_their_unit_group(text: str, expected: list[str]) -> None:
    """Job titles, including children's words not in the ONS index, get the right code."""
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("a vetnary", "vet"),
        ("fyer fiter", "firefighter"),
        ("a poleese lady", "police officer"),
        ("an enjineer", "engineer"),
        ("a docktor", "doctor"),
        ("a plumma", "plumber"),
        ("a hairdressa", "hairdresser"),
        ("a mekanik", "mechanic"),
        ("a sientist", "scientist"),
        ("a librarion", "librarian"),
        ("a jimnast", "gymnast"),
        ("an arkitect", "architect"),
        ("a footballa", "footballer"),
        ("a fotografer", "photographer"),
    ],
)
def test_invented_spelling(text: str, title: str) -> None:
    """Spelling by sound still finds the job."""
    assert titles(text, "Y1") == [title]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("i want to fix cars", "mechanic"),
        ("look after babies", "nursery worker"),
        ("make games for computers", "games designer"),
        ("help poorly animals", "vet"),
        ("i want to drive a lorry", "lorry driver"),
        ("put out fires", "firefighter"),
        ("i want to cut peoples hair", "hairdresser"),
        ("dig up dinosaur bones", "palaeontologist"),
        ("fly planes to america", "pilot"),
        ("i want to join the army", "soldier"),
        ("i want to bake cakes", "baker"),
        ("catch baddies", "police officer"),
    ],
)
def test_descriptions_instead_of_titles(text: str, title: str) -> None:
    """Describing the work gives the job title."""
    assert titles(text) == [title]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a nurse and a midwife", ["nurse", "midwife"]),
        ("a pilot or a train driver", ["pilot", "train driver"]),
        ("first a teaching assistant then a teacher", ["teaching assistant", "teacher"]),
        ("a singer but my back up is a dentist", ["singer", "dentist"]),
        ("a footballer and if that does not work out a coach", ["footballer", "sports coach"]),
    ],
)
def test_two_jobs_in_one_answer(text: str, expected: list[str]) -> None:
    """Both jobs are listed, in the order mentioned."""
    assert titles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my mum is a nurse", []),
        ("my dad works as a postman", []),
        ("i dont want to be a doctor", []),
        ("i would never be a dentist", []),
        ("my dad wants me to be a lawyer", []),
        ("my nan says i should be a teacher", []),
        ("a builder like my dad", ["builder"]),
        ("my uncle is a chef but i want to be a baker", ["baker"]),
        ("my mum wants me to be a vet but i want to be a pilot", ["pilot"]),
        ("i want to be a vet not a doctor", ["vet"]),
        ("my sister is a nurse and i want to be one too", ["nurse"]),
        ("my brother wants to be a vet", []),
        ("i love drawing", []),
        ("i like to cook", []),
        ("i want to cook", ["chef"]),
    ],
)
def test_only_the_pupils_own_wish(text: str, expected: list[str]) -> None:
    """Other people's jobs and wishes, and rejected jobs, are not the pupil's aspirations."""
    assert titles(text) == expected


@pytest.mark.parametrize(
    "text",
    ["ngl i wanna be a plumber", "lowkey gonna be a barber tbh", "i wanna be a vet cos i luv dogs fr"],
)
def test_slang(text: str) -> None:
    """Text-speak does not hide the job."""
    assert len(analyse(text, "Y6").aspirations) == 1


def test_aspiration_shape_and_follow_up() -> None:
    """Each aspiration carries the pupil's words, code, friendly title, family and follow-up flag."""
    found = analyse("i want to be a techer", "Y2").aspirations[0]
    assert found.to_dict() == {
        "said": "techer",
        "soc2020": "2314",
        "title": "teacher",
        "family": "Teaching and education",
        "needs_follow_up": True,
    }
    assert analyse("an engineer").aspirations[0].needs_follow_up
    assert not analyse("a vet").aspirations[0].needs_follow_up


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("an engineer for a formula 1 team", "motorsport engineer"),
        ("a teacher for year 2", "primary school teacher"),
        ("a nurse for babies", "children's nurse"),
    ],
)
def test_specialism_said_in_the_same_breath(text: str, title: str) -> None:
    """An ambiguous title with its specialism needs no follow-up."""
    found = analyse(text).aspirations[0]
    assert (found.title, found.needs_follow_up) == (title, False)


def test_a_dinosaur_scientist_is_a_real_job() -> None:
    """A playful-sounding real job is not fantasy."""
    result = analyse("a dinosaur scientist")
    assert ([a.title for a in result.aspirations], result.fantasy) == (["palaeontologist"], False)
