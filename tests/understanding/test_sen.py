"""Finding a mention of special educational needs, a disability or a medical condition in a pupil's words."""
from __future__ import annotations

import pytest

from convo.understanding.sen import mentions_sen


@pytest.mark.parametrize("text", [
    "I have dyslexia so reading is hard", "i got ADHD", "my EHCP helps me", "I go to the SENCO",
    "I have autism", "I wear hearing aids", "i have a hering aid", "i have dislexia", "i got ADHA",
    "im autisum", "I'm autistic", "i have asthmer", "diabeetis", "i use a wheelchare", "i have echp",
    "i have add so i cant sit still", "I have ADD", "I go to the SEN room", "my 1:1 helps me",
    "special needs", "I am deaf", "im allergic to nuts", "I go to speech therapy",
])
def test_finds_sen_as_children_write_it(text):
    """Conditions, support and their misspellings are found."""
    assert mentions_sen(text)


@pytest.mark.parametrize("text", [
    "I want to be a nurse who helps kids", "I like autumn", "I'm good at adding up", "I like to add numbers",
    "i have to add it up", "i have odd socks", "I LIKE TO ADD THINGS", "I want to be an artist", "a dentist",
    "i want to send letters", "I want to be a teacher", "realistic drawings", "automatic cars",
    "Is there a robot club?", "addition", "additional maths", "i had a sandwich", "catches the ball", "",
    None,
])
def test_leaves_ordinary_words_alone(text):
    """Look-alikes and everyday uses of short acronyms are not taken for SEN."""
    assert not mentions_sen(text)
