"""Career stereotypes voiced by pupils, and the close controls that are not stereotypes."""
from __future__ import annotations

import pytest

from convo.understanding import analyse


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("only boys can be mechanics", "gender"),
        ("girls cant be electricians", "gender"),
        ("being a midwife is a womans job", "gender"),
        ("i cant be a dancer cos im a boy", "gender"),
        ("only clever people can be pilots", "ability"),
        ("im rubbish at spelling so i will never be an author", "ability"),
        ("plumbers are thick", "ability"),
        ("you have to be rich to be a vet", "social_class"),
        ("only posh kids become judges", "social_class"),
        ("people from our estate dont become doctors", "social_class"),
        ("sikh men in turbans are not allowed to be firefighters", "ethnicity_or_religion"),
        ("indian kids are brilliant at sums so they all end up as doctors", "ethnicity_or_religion"),
        ("people in wheelchairs cant be chefs", "disability"),
        ("dyslexic people cant be teachers", "disability"),
        ("my uncle is too old to be a footballer", "age"),
        ("only young people can be gamers", "age"),
    ],
)
def test_stereotypes(text: str, kind: str) -> None:
    """A belief that a job belongs to, or is closed to, a group is a stereotype of that kind."""
    assert analyse(text).stereotype == kind


@pytest.mark.parametrize(
    "text",
    [
        "girls can be builders too",
        "my mum is a nurse",
        "my dad is a midwife",
        "my auntie is a mechanic and she fixes lorries",
        "you have to train for years to be a surgeon",
        "you have to be 18 to drive a lorry",
        "only boys can be builders but thats not true",
        "sums are hard for me right now but im still going to be a scientist",
        "my best mate wears a headscarf and is going to be a judge",
        "my grandad started his own business when he was 65",
        "my cousin is deaf and works in a bank",
    ],
)
def test_not_stereotypes(text: str) -> None:
    """Counter-examples, route facts, own family and rejecting a limit are not stereotypes."""
    assert analyse(text).stereotype is None


def test_a_stereotype_is_not_an_aspiration() -> None:
    """Voicing a belief about a job is not wishing for it."""
    assert analyse("only men can be pilots").aspirations == ()


@pytest.mark.parametrize(
    ("template", "group", "kind"),
    [
        ("only {} can be surgeons", "women", "gender"),
        ("only {} can be surgeons", "posh kids", "social_class"),
        ("only {} can be surgeons", "teenagers", "age"),
        ("{} shouldnt be architects", "deaf people", "disability"),
        ("{} shouldnt be architects", "thick kids", "ability"),
        ("{} are too slow to be paramedics", "grandparents", "age"),
        ("{} are too soft to be soldiers", "lads", "gender"),
        ("{} are worse at running a business", "muslims", "ethnicity_or_religion"),
        ("being a judge is not for {}", "people on benefits", "social_class"),
        ("{} will never get proper jobs", "autistic people", "disability"),
    ],
)
def test_one_construction_covers_every_group(template: str, group: str, kind: str) -> None:
    """A construction written once as a template is found whichever group it is said about."""
    assert analyse(template.format(group)).stereotype == kind


def test_templates_expand_to_one_rule_per_kind() -> None:
    """Each template in stereotypes.yaml becomes a rule for every kind it names."""
    from convo.understanding.rules import load_rules
    from convo.understanding.stereotypes import KINDS

    made = [r for r in load_rules("stereotypes.yaml") if r.rule_id.startswith("template.limit.")]
    assert {r.kind for r in made} == set(KINDS)


@pytest.mark.parametrize(
    "text",
    [
        "my sister is better at drawing than me",
        "old people can learn to code too",
        "deaf people can be doctors if they want",
        "my grandad says anyone can be a pilot",
    ],
)
def test_templates_leave_counter_examples_alone(text: str) -> None:
    """Comparisons within a family and statements that a group CAN do a job are not stereotypes."""
    assert analyse(text).stereotype is None
