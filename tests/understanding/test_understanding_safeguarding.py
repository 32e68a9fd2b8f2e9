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
        ("nan tells me she wishes she never had me", "emotional"),
        ("theres no food at home", "neglect"),
        ("i have to look after my baby brother on my own all night", "neglect"),
        ("i havent had any dinner for days", "neglect"),
        ("i want to kill myself", "self_harm"),
        ("i cut myself when im sad", "self_harm"),
        ("nobody would miss me if i was gone", "self_harm"),
        ("sometimes i wish i could sleep forever", "self_harm"),
        ("my dad punches my mum", "domestic_violence"),
        ("the police came because dad hurt mum again", "domestic_violence"),
        ("a man on roblox keeps asking me to send pictures", "online"),
        ("someone i met online wants to meet me and said keep it a secret", "online"),
        ("they call me names every day and nobody lets me play", "bullying"),
        ("kids in my class said i should kill myself in the group chat", "bullying"),
        ("older boys make me carry packages for them", "exploitation"),
        ("the teenagers on my estate made me join their gang and deliver stuff", "exploitation"),
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
        "grandad hits the golf ball miles",
        "i want to be a soldier",
        "my cousin whacked me with a cushion when we had a pillow fight",
        "i got a bruise playing rugby",
        "this spelling test is killing me",
        "we are keeping a surprise party secret from mum",
        "i missed breakfast because i overslept",
        "a random account added me so i blocked it and showed my mum",
        "boxing is my dream job cos i like punching the pads",
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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my auntie thumps my arm when she gets cross", "physical"),
        ("the babysitter pins us down and wallops us", "physical"),
        ("grandpa twisted my arm so hard it left marks", "physical"),
        ("i hide in the wardrobe when my stepdad gets back from the pub", "physical"),
        ("my mums partner throttled her in the kitchen", "domestic_violence"),
        ("they pay us a fiver to take parcels round to a flat", "exploitation"),
        ("i would rather vanish than be here", "self_harm"),
        ("the kids on the bus keep saying im disgusting", "bullying"),
        ("nobody cooks for us so we have crisps for tea most days and i am hungry all the time", "neglect"),
    ],
)
def test_general_layer_finds_new_wording(text: str, kind: str) -> None:
    """Who + harm word + to whom, unmet needs and the like are found in wording no rule lists whole."""
    result = analyse(text).safeguarding
    assert (result.concern, result.kind) == (True, kind)


@pytest.mark.parametrize(
    "text",
    [
        "i would kill for a chocolate milkshake",
        "my uncle whacked the tennis ball over the hedge",
        "my toddler brother bites everyone at nursery",
        "we had a play fight with my cousins and i won",
        "i am not going home yet the party is too fun",
    ],
)
def test_general_layer_keeps_harmless_frames_quiet(text: str) -> None:
    """Sport, play, food talk and little siblings are not concerns."""
    assert not analyse(text).safeguarding.concern


def test_the_rule_that_fired_is_named() -> None:
    """The result and its JSON name the rule, so the DSL can see why it was raised."""
    found = analyse("my step gran slaps me every morning")
    assert found.safeguarding.rule
    assert found.to_dict()["safeguarding"]["rule"] == found.safeguarding.rule
    assert analyse("i like drawing").to_dict()["safeguarding"] == {"concern": False, "kind": None, "severity": None, "rule": None}


def test_negation_cancels_a_concern() -> None:
    """"My dad never hits me" is not a disclosure of being hit."""
    assert not analyse("my dad never hits me").safeguarding.concern


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("i said i tripped on the stairs but really it was my step mum", "physical"),
        ("i keep my hoodie on all the time so my teacher cant see my legs", "physical"),
        ("i keep a bit of broken glass under my pillow for when i feel bad", "self_harm"),
        ("my uncle gets into my bed when everyone is asleep and i dont like it", "sexual"),
        ("my auntie makes me keep secrets about what happens at her house", "sexual"),
        ("a grown up i talk to on minecraft says he is 13 but his voice is deep", "online"),
        ("my dad never feeds us so we eat crisps for tea", "neglect"),
        ("they send me on the bus to another town with a bag for them", "exploitation"),
        ("some kids threw rocks at me on the way home", "bullying"),
    ],
)
def test_indirect_signs(text: str, kind: str) -> None:
    """Cover stories, hidden bodies, kept secrets and other indirect signs are concerns."""
    result = analyse(text).safeguarding
    assert (result.concern, result.kind) == (True, kind)


@pytest.mark.parametrize(
    "text",
    [
        "my stepdad tucks me in and reads me a chapter of my book",
        "i was the lookout when we played capture the flag",
        "we are keeping the party a surprise from dad",
        "my mums boyfriend taught me how to ride a scooter",
    ],
)
def test_harmless_frames_stay_quiet(text: str) -> None:
    """Games, surprises, lessons and a kind step-parent raise nothing."""
    assert not analyse(text).safeguarding.concern


@pytest.mark.parametrize("reply", ["no", "No.", "yes", "nah", "i think so", "I don't think so!", "not really", "dunno"])
def test_a_bare_reply_raises_no_concern_from_the_model(reply):
    """A whole answer that is only a reply gives the model nothing to go on, so it stays quiet."""
    assert not analyse(reply).safeguarding.concern


def test_a_bare_reply_inside_a_disclosure_is_still_read():
    """The skip is for whole answers only: 'no' inside a sentence does not hide a concern."""
    assert analyse("no one can know what he does to me").safeguarding.concern
    assert analyse("no, my dad hits me with his belt").safeguarding.concern


@pytest.mark.parametrize(
    ("text", "kind", "severity"),
    [
        # an injury, then who did it, or the thing it was done with
        ("the cut on my leg is what my step dad did", "physical", None),
        ("i have a mark on my arm from his belt buckle", "physical", None),
        ("if i am cheeky i get the slipper", "physical", None),
        ("when she is cross she gets the wooden spoon out", "physical", None),
        # grooming signs
        ("the man at the club tells me to sit on his knee", "sexual", None),
        ("my tutor keeps me behind on my own and shuts the door", "sexual", None),
        ("my privat bits hurt after he visits", "sexual", None),
        # a threat to kill a grown-up at home is immediate danger
        ("my step dad said he will kill my mum tonight", "domestic_violence", "immediate"),
        ("i put my hands over my ears when the screaming starts downstairs", "domestic_violence", None),
        # a younger child's care left to the pupil
        ("the baby doesnt get fed unless i do it", "neglect", None),
        # belongings wrecked, harm passed off as a joke, rough peers
        ("the girls in my class rip up my drawings on purpose", "bullying", None),
        ("he pushes me over in the playground and says its only banter", "bullying", None),
        ("some boys grab my bag and drag me along the floor", "bullying", None),
        # dialect "me" for "my", "am" for "I'm", and an insult told through a comparison
        ("me da shouts in me face that am thick", "emotional", None),
        ("my teddy never calls me stupid like my dad does", "emotional", None),
    ],
)
def test_more_ways_of_telling(text: str, kind: str, severity: str | None) -> None:
    """Injuries named before the person, grooming signs, threats, hiding, caring for a baby, belongings, dialect."""
    result = analyse(text).safeguarding
    assert (result.concern, result.kind) == (True, kind), result
    if severity:
        assert result.severity == severity


@pytest.mark.parametrize(
    "text",
    [
        "my mum will kill my dad when she sees the mess in the kitchen",
        "i burnt my hand on the oven when we were baking",
        "i got a paper cut from my book",
        "i sit on my grandads knee when he reads me a story",
        "the teacher kept me behind to finish my work",
        "i hide when my cousins come round because we play hide and seek",
        "i feed my baby born doll every day",
        "my little brother ripped my drawing by accident",
        "our cat scratched me when i picked her up",
        "grandad swatted the wasp with his newspaper",
        "in the film the dad shouts at everyone",
        "dad takes me to the match every saturday",
    ],
)
def test_more_harmless_frames(text: str) -> None:
    """The same words in ordinary life, play, pets, stories and sport raise nothing."""
    assert analyse(text).safeguarding.concern is False
