"""What a card says, gathered from a pupil's careers record."""
from __future__ import annotations

from pathlib import Path

from convo.cards.content import LONGEST, card_for
from convo.cards.questions import (FAMILY_PICTURES, FAMILY_THEMES, INTEREST_THEMES, QUESTIONS,
                                   TITLE_PICTURES, question_for)
from convo.schoolyear import current_academic_year

ICONS = Path(__file__).resolve().parents[2] / "static" / "icons" / "openmoji"


def test_card_shows_this_years_hopes_in_their_words(two_schools, amara_record):
    """Newest hope first, the pupil's words beside the coded job, and why they like it."""
    card = card_for(amara_record, two_schools["home"]["school"])
    assert card.first_name == "Amara" and card.class_name == "Oak"
    assert [h.job for h in card.hopes] == ["Vet", "Astronaut"]
    vet = card.hopes[0]
    assert vet.said == "a vet cos i love animals" and vet.because == "looking after poorly dogs"
    assert vet.picture == "paw-prints"
    assert card.hopes[1].said is None  # "Astronaut" is just the job's name
    assert card.good_at == ["Drawing"] and card.enjoys == ["Animals"]
    assert card.question == str(QUESTIONS["animals"]) and card.this_year and card.talked


def test_the_same_job_twice_shows_once(two_schools, add_aspiration):
    """A pupil who names the same job in two conversations sees it once, newest words first."""
    pupil = two_schools["home"]["pupil_a"]
    add_aspiration(pupil, "vet", "vet", soc2020="2240", minutes_ago=30)
    add_aspiration(pupil, "an animal doctor", "vet", soc2020="2240")
    card = card_for(pupil, two_schools["home"]["school"])
    assert [(h.job, h.said) for h in card.hopes] == [("Vet", "an animal doctor")]


def test_falls_back_to_the_latest_earlier_year(two_schools, add_aspiration, add_reflection):
    """With nothing this year, the card shows the most recent year's hopes and says so."""
    pupil = two_schools["home"]["pupil_a"]
    year = current_academic_year()
    add_aspiration(pupil, "builder", "builder", family="Construction and trades", year=year - 2)
    add_aspiration(pupil, "chef", "chef", family="Hospitality and food", year=year - 1)
    add_reflection(pupil, "skill", "Counting", "counting", year=year - 1)
    card = card_for(pupil, two_schools["home"]["school"])
    assert [h.job for h in card.hopes] == ["Chef"] and card.good_at == ["Counting"]
    assert not card.this_year and card.question == str(QUESTIONS["food"])


def test_no_conversation_gives_a_gentle_card(two_schools):
    """A pupil with nothing recorded gets a card that asks the first question, not an error."""
    card = card_for(two_schools["home"]["pupil_b"], two_schools["home"]["school"])
    assert not card.talked and card.hopes == []
    assert card.question == str(QUESTIONS["first_talk"])


def test_question_from_an_interest_when_no_job_is_known(two_schools, add_reflection):
    """With no job family to go on, an interest picks the question."""
    pupil = two_schools["home"]["pupil_a"]
    add_reflection(pupil, "interest", "Music", "music")
    card = card_for(pupil, two_schools["home"]["school"])
    assert card.question == str(QUESTIONS["music"])


def test_long_words_are_cut_to_fit(two_schools, add_aspiration):
    """Very long answers are cut at a word so the card stays one page."""
    pupil = two_schools["home"]["pupil_a"]
    add_aspiration(pupil, "vet " + "really " * 60, "vet", likes="animals " * 60)
    hope = card_for(pupil, two_schools["home"]["school"]).hopes[0]
    assert len(hope.said) <= LONGEST + 1 and hope.said.endswith("…")
    assert len(hope.because) <= LONGEST + 1


def test_every_question_and_picture_exists(app):
    """Each theme has a question and each picture is a file the app ships."""
    themes = set(FAMILY_THEMES.values()) | set(INTEREST_THEMES.values())
    assert themes <= set(QUESTIONS)
    for name in {*FAMILY_PICTURES.values(), *TITLE_PICTURES.values(), "star"}:
        assert (ICONS / f"{name}.svg").is_file(), name
    assert question_for(["Unknown family"], ["unknown"], True) == str(QUESTIONS["people"])
