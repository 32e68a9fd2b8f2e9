"""Safeguarding: concerns a DSL must see, their kind and severity, and the harmless controls."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my step dad hits me", "physical"),
        ("dad slapped me across the face", "physical"),
        ("mum beats me with a belt", "physical"),
        ("i have bruises because my uncle kicked me", "physical"),
        ("they lock me in my room all day", "physical"),
        ("my mums boyfriend touches my private parts", "sexual"),
        ("he plays secret games with me and says dont tell", "sexual"),
        ("my dad says im worthless and stupid", "emotional"),
        ("my mum says she wishes i was never born", "emotional"),
        ("theres no food at home", "neglect"),
        ("i have to look after my baby brother on my own all night", "neglect"),
        ("i havent had any dinner for days", "neglect"),
        ("i want to kill myself", "self_harm"),
        ("i cut myself when im sad", "self_harm"),
        ("nobody would miss me if i was gone", "self_harm"),
        ("i want to go to sleep forever", "self_harm"),
        ("my dad punches my mum", "domestic_violence"),
        ("the police came because dad hurt mum again", "domestic_violence"),
        ("a man on roblox keeps asking me to send pictures", "online"),
        ("someone i met online wants to meet me and said keep it a secret", "online"),
        ("they call me names every day and nobody lets me play", "bullying"),
        ("kids in my class said i should kill myself in the group chat", "bullying"),
        ("older boys make me carry packages for them", "exploitation"),
        ("they said im in their gang now and i have to do jobs for them", "exploitation"),
    ],
)
def test_concerns(text: str, kind: str) -> None:
    """Disclosures of each kind are concerns of that kind."""
    result = analyse(text).safeguarding
    assert (result.concern, result.kind) == (True, kind)
    assert result.severity in {"low", "medium", "high", "immediate"}


@pytest.mark.parametrize(
    "text",
    ["im going to kill myself tonight", "im scared to go home because dad will hurt me", "he is hitting me right now"],
)
def test_immediate_danger_gets_the_highest_severity(text: str) -> None:
    """Danger now, tonight or at home today is immediate."""
    assert analyse(text).safeguarding.severity == "immediate"


@pytest.mark.parametrize(
    "text",
    [
        "my dad hits the ball really far",
        "i want to be a soldier",
        "my brother hit me with a pillow in a pillow fight",
        "i got a bruise playing rugby",
        "this spelling test is killing me",
        "we are keeping a surprise party secret from mum",
        "i missed breakfast because i overslept",
        "someone sent me a friend request and i declined it and reported it",
        "i want to be a boxer and punch hard",
        "my mum and dad argued about the washing up",
        "i hurt my knee when i fell off my scooter",
        "we learned about staying safe online in pshe",
        "my nan looks after me after school",
        "",
    ],
)
def test_close_controls_are_not_concerns(text: str) -> None:
    """Harmless uses of the same words raise no concern."""
    result = analyse(text).safeguarding
    assert (result.concern, result.kind, result.severity) == (False, None, None)


def test_negation_cancels_a_concern() -> None:
    """"My dad never hits me" is not a disclosure of being hit."""
    assert not analyse("my dad never hits me").safeguarding.concern
