"""Welsh typed answers: the understanding layer reads English only, so they must at least do no harm.

A Welsh answer is kept as the pupil wrote it for the teacher to code. These tests pin down what the
layer does with one today, so a change is seen: no crash, and no job code for whole Welsh sentences.
Known and documented in the README: the single word "athro" (teacher) sounds like "author"; "nyrs"
happens to match "nurse" (right, if by luck, even in "nyrs filfeddygol", a veterinary nurse). Welsh
disclosures are caught only through the phrases listed in `safeguarding_cy.yaml`, a safety net.
"""
from __future__ import annotations

import pytest

from convo.understanding import analyse

#: Whole Welsh sentences a Year 4 pupil might type, none naming a job in English.
WELSH = [
    "Hoffwn i fod yn filfeddyg achos dw i'n caru anifeiliaid",
    "Dw i eisiau bod yn ddiffoddwr tân",
    "Rydw i'n hoffi pêl-droed a chwarae gyda fy ffrindiau",
    "Dw i ddim yn gwybod",
    "Dw i eisiau bod yn feddyg neu'n heddwas",
    "Mae'n well gen i ganu a dawnsio ŵyl yr Eisteddfod",
]


@pytest.mark.parametrize("text", WELSH)
def test_welsh_sentence_is_not_given_a_job_code(text):
    """Nothing crashes, and a Welsh sentence is not coded to some English job it happens to sound like."""
    result = analyse(text, 4).to_dict()
    assert result["aspirations"] == [], result["aspirations"]


def test_an_english_job_in_a_welsh_sentence_still_codes():
    """Control: the same layer does code an English job title, so the check above can fail."""
    assert analyse("i want to be a vet", 4).to_dict()["aspirations"][0]["soc2020"] == "2240"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("mae fy llystad yn fy nghicio pan mae o wedi meddwi", "physical"),
        ("Mae'n gas gen i fynd adre achos mae ofn fy nhad arna i", "physical"),
        ("mae e'n cyffwrdd yn fy rhannau preifat", "sexual"),
        ("weithiau dw i isio marw", "self_harm"),
        ("does dim bwyd gartre ers dydd sul", "neglect"),
        ("mae dad yn curo mam pan mae'n flin", "domestic_violence"),
        ("mae rhywun ar lein yn gofyn am luniau ohona i", "online"),
        ("mae plant blwyddyn 6 yn fy mwlio ar yr iard", "bullying"),
        ("mae bechgyn mawr yn talu fi i gario bagiau", "exploitation"),
    ],
)
def test_listed_welsh_disclosures_reach_the_dsl(text, kind):
    """A disclosure typed in Welsh, in words the Welsh list holds, is a concern of its kind."""
    result = analyse(text, 5).safeguarding
    assert (result.concern, result.kind) == (True, kind), result
    assert result.rule == f"welsh.{kind}"


@pytest.mark.parametrize("text", WELSH + ["fe wnes i daro'r bêl yn galed", "mae fy mam yn nyrs yn yr ysbyty"])
def test_ordinary_welsh_raises_nothing(text):
    """Everyday Welsh answers, hitting a ball included, raise no concern."""
    assert analyse(text, 4).safeguarding.concern is False
