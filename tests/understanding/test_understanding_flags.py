"""Fantasy and "not sure yet" answers, and real jobs that only sound playful."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


@pytest.mark.parametrize(
    "text",
    ["a unicorn", "a princess", "spider-man", "Spiderman", "a yoonicorn", "a mermaid", "a wizard",
     "be a dragon", "a superhero", "the queen", "i want to be rich", "a millionaire", "a jedi"],
)
def test_fantasy(text: str) -> None:
    """Magical beings, characters, royalty and being rich are fantasy, with no job."""
    result = analyse(text, "Y1")
    assert (result.fantasy, result.aspirations) == (True, ())


@pytest.mark.parametrize("text", ["a fairy or a dentist", "batman and a paramedic"])
def test_fantasy_with_a_real_job(text: str) -> None:
    """A mixed answer is fantasy and keeps the real job."""
    result = analyse(text)
    assert result.fantasy and len(result.aspirations) == 1


@pytest.mark.parametrize(
    "text",
    ["a magician", "a stunt man", "a space scientist", "a clown", "a bug scientist", "a dinosaur expert",
     "i like dinosaurs and i want to be a vet", "a farmer with lots of horses"],
)
def test_playful_real_jobs_are_not_fantasy(text: str) -> None:
    """Real jobs that sound playful, and animals that are not the role, are not fantasy."""
    result = analyse(text)
    assert not result.fantasy and result.aspirations


@pytest.mark.parametrize(
    "text",
    ["idk", "dunno", "not sure yet", "i dont know", "I don't know yet", "no idea", "havent decided",
     "i cant choose", "not shure", "perhaps a chef or perhaps a dentist i dont know", "hmm maybe something outside"],
)
def test_unsure(text: str) -> None:
    """Not knowing or not having decided is unsure, even with options."""
    assert analyse(text).unsure


@pytest.mark.parametrize(
    "text",
    ["a nurse or a paramedic", "a vet", "i dont know what its called but i want to fix cars", "a builder"],
)
def test_not_unsure(text: str) -> None:
    """Options without hedging, or "I don't know what it's called", are not unsure."""
    assert not analyse(text).unsure
