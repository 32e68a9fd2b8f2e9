"""Personal details found and redacted; a first name on its own is kept."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


@pytest.mark.parametrize(
    ("text", "kinds", "redacted"),
    [
        ("my name is Tilly Ward", ["full_name"], "my name is [name]"),
        ("im mason clarke", ["full_name"], "im [name]"),
        ("I live at 3 Rowan Way", ["address"], "I live at [address]"),
        ("our postcode is M14 5RT", ["address"], "our postcode is [address]"),
        ("my mums number is 07700 900555", ["phone"], "my mums number is [phone]"),
        ("email me on skyblue@example.org", ["email"], "email me on [email]"),
        ("my gamertag is NinjaCat_77", ["handle"], "my gamertag is [handle]"),
        ("follow me @bella.dance", ["handle"], "follow me [handle]"),
        ("I was born on 30 November 2015", ["date_of_birth"], "I was born on [date of birth]"),
        (
            "im Kai Evans and my number is 07700 900321",
            ["full_name", "phone"],
            "im [name] and my number is [phone]",
        ),
    ],
)
def test_details_found_in_order_and_redacted(text: str, kinds: list[str], redacted: str) -> None:
    """Each detail is listed in the order mentioned and replaced by its placeholder."""
    result = analyse(text)
    assert (list(result.personal_details), result.redacted) == (kinds, redacted)


@pytest.mark.parametrize(
    "text",
    [
        "my name is Poppy",
        "im 9",
        "my birthday is in march",
        "i live near the leisure centre",
        "i got 19 out of 20",
        "the screen on my tablet is broken",
        "i want to be like Lionel Messi",
        "i live in a house with my dad",
    ],
)
def test_not_personal_details(text: str) -> None:
    """A first name, an age, a month, a vague place, scores and celebrities are kept."""
    result = analyse(text)
    assert (result.personal_details, result.redacted) == ((), text)


@pytest.mark.parametrize("text, job, detail_words", [
    ("my name is Tom Farmer and i want to be a baker", "baker", ("tom", "farmer")),
    ("i want to be a police officer my email is jake.baker@gmail.com", "police officer", ("jake", "baker")),
    ("i live at 12 Baker Street and i want to be a vet", "vet", ("baker", "street")),
])
def test_aspirations_never_carry_a_redacted_detail(text, job, detail_words):
    """A job is read from the redacted words: no part of a name, e-mail or address becomes its "said"."""
    from convo.understanding import analyse
    found = analyse(text, "Y5")
    assert [a.title for a in found.aspirations] == [job]
    assert not any(word in found.aspirations[0].said.lower() for word in detail_words)
