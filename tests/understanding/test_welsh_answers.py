"""Welsh typed answers: the understanding layer reads English only, so they must at least do no harm.

A Welsh answer is kept as the pupil wrote it for the teacher to code. These tests pin down what the
layer does with one today, so a change is seen: no crash, and no job code for whole Welsh sentences.
Known and documented in the README: the single word "athro" (teacher) sounds like "author"; "nyrs"
happens to match "nurse" (right, if by luck, even in "nyrs filfeddygol", a veterinary nurse); and
Welsh disclosures are not recognised.
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
