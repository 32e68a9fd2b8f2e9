"""What a simulated pupil taps or types for the step on screen, as the tablet posts it."""
from __future__ import annotations

import random
import re
import secrets

from .sentences import sentence

TURN = re.compile(r'name="turn" value="(\d+)"')
CARD = re.compile(r'name="card" value="([^"]+)"')
CHOICE = re.compile(r'name="choice" value="([^"]+)"')


def answer_fields(step: str, csrf: str, year_group: int) -> dict[str, str]:
    """The form fields for one answer: KS2 types, younger pupils tap a card, a face or Next."""
    fields = {"csrf_token": csrf, "turn": TURN.search(step).group(1), "key": secrets.token_urlsafe(12)}
    if 'name="text"' in step and year_group >= 3:
        fields.update(text=sentence(random), send="1")
    elif CARD.search(step):
        fields["card"] = random.choice(CARD.findall(step))
    elif CHOICE.search(step):
        fields["choice"] = random.choice(CHOICE.findall(step))
    elif 'name="continue"' in step:
        fields["continue"] = "1"
    elif 'name="text"' in step:
        fields.update(text=sentence(random, young=True), send="1")
    else:
        fields["skip"] = "1"
    return fields
