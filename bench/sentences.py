"""What the simulated Key Stage 2 pupils type: children's own spelling, and a few worrying sentences.

About one answer in forty raises a safeguarding concern, so the benchmark also proves that a
concern is stored (with its alert queued) while the whole school is talking.
"""
from __future__ import annotations

import random as _random

#: Everyday answers, spelt as children spell them.
EVERYDAY = (
    "i wanna be a vetnary cos i love aminals", "fie fiter", "a builder like my dad", "make games for computers",
    "idk", "i dont know yet", "a footballer for arsenal", "a unicorn", "i like drawing and painting",
    "a doctor so i can help people", "maths and science", "i am good at running", "my mum is a nurse",
    "a scientist who finds out about space", "youtuber", "i want to be a teacher like miss patel",
    "i like cooking with my nan", "a police officer", "i love reading books", "a pilot and fly to spain",
    "only boys can be builders", "girls cant be engineers", "i would like to look after babies",
    "a vet because i love dogs", "i like lego and making things", "maybe a hairdresser", "a chef",
    "yes", "no", "i think so", "a zookeeper with lions", "i want to fix cars", "singing and dancing",
    "a dentist", "i like helping my friends", "a farmer with tractors", "coding robots",
)

#: Sentences that must raise a concern for the DSL.
CONCERNS = (
    "my dad hits me when he is angry", "i dont want to be alive any more", "someone at home hurts me",
    "a man online asked me to send pictures and keep it secret",
)

#: A short typed answer for a young pupil on a text step (rare: they mostly tap).
YOUNG = ("vet", "doctor", "fire fiter", "idk", "yes")


def sentence(random: _random.Random | object, young: bool = False) -> str:
    """One typed answer: mostly everyday words, now and then a worry."""
    if young:
        return random.choice(YOUNG)
    if random.random() < 0.025:
        return random.choice(CONCERNS)
    return random.choice(EVERYDAY)
