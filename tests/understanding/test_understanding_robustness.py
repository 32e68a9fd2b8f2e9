"""Any input: never raises, always the same shape, and fast (10,000 characters in 50 ms)."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convo.understanding import Analysis, analyse

KEYS = ["aspirations", "fantasy", "unsure", "stereotype", "safeguarding", "personal_details", "redacted"]

NASTY = [
    "",
    " ",
    "\n\n\t",
    "😀🦄🚒👩‍🚒" * 50,
    "<b>i want to be a <i>vet</i></b><script>alert('x')</script>",
    "&lt;3 &amp; &#128512; i want to be a nurse",
    "\x00\x01\x02 vet \x1b[31m red \x7f",
    "Quiero ser veterinaria",
    "Chcę zostać lekarzem",
    "أريد أن أكون طبيبا",
    "我想当医生",
    "मैं डॉक्टर बनना चाहता हूँ",
    "a" * 10_000,
    "vet " * 2_500,
    "my dad hits me. " * 600,
    # one unpunctuated sentence with hundreds of matches, each beside a harmless frame
    "i told miss i fell but really it was my dad and he hits me " * 170,
    "only girls can be nurses and old people are too slow to work " * 160,
    "i. " * 3_333,
    "0" * 10_000,
    "@" * 10_000,
    "a_b1 " * 2_000,
    "my name is " * 900,
    "\u202e\u200b\ufeff i want to be a chef",
    "İstanbul ǅ ﬁre ﬁghter",
]


def check_shape(result: Analysis) -> None:
    """The result always has the documented JSON shape."""
    data = result.to_dict()
    assert list(data) == KEYS
    assert set(data["safeguarding"]) == {"concern", "kind", "severity", "rule"}
    assert isinstance(data["redacted"], str)
    for aspiration in data["aspirations"]:
        assert set(aspiration) == {"said", "soc2020", "title", "family", "needs_follow_up"}
        assert len(aspiration["soc2020"]) == 4 and aspiration["soc2020"].isdigit()


#: A ceiling that only a blow-up could reach: a 10,000-character paste takes 20-50 ms of CPU on the
#: 2-core machines this was measured on, depending on how fast the shared machine is that day.
CEILING_SECONDS = 0.150


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_nasty_input_is_fast_and_safe(text: str) -> None:
    """Empty, huge, emoji, other scripts, HTML and control characters: no error, and no blow-up.

    Long inputs must also cost about in proportion to their length: a tenth of the text may take
    no less than a fifteenth of the time (quadratic work would make it a hundredth). This holds
    whatever the machine's speed; throughput itself is measured by `convo analyse --score`.
    """
    analyse(text)  # the first call may fill caches; the budget is for a warm process
    best = min(_timed(text) for _ in range(5))
    check_shape(analyse(text))
    assert best <= CEILING_SECONDS
    if len(text) >= 5_000 and best > 0.005:
        tenth = text[: len(text) // 10]
        analyse(tenth)
        assert best <= 15 * min(_timed(tenth) for _ in range(5)) + 0.002


def _timed(text: str) -> float:
    """CPU seconds one analysis takes (CPU time, so a busy machine does not count against it)."""
    started = time.process_time()
    analyse(text)
    return time.process_time() - started


@pytest.mark.parametrize("value", [None, 42, 3.5, b"bytes", ["a", "list"], {"a": 1}])
def test_non_text_input(value: object) -> None:
    """Anything that is not a string is read as text, not an error."""
    check_shape(analyse(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from([None, "R", "Y1", "Y3", "Y6", "", "Y9", "reception"]))
def test_any_text_never_raises(text: str, year_group: str | None) -> None:
    """Property: every string gives a well-formed analysis."""
    check_shape(analyse(text, year_group))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    "i want to be a vet my dad hits me not sure idk girls cant be builders name is Leo Smith "
    "07700 900123 the and no food at home fire fighter teacher mum says secret online , . !".split()
), max_size=60))
def test_word_soup_never_raises(words: list[str]) -> None:
    """Property: any mix of the words the rules care about gives a well-formed analysis."""
    check_shape(analyse(" ".join(words)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_redaction_keeps_text_without_details(text: str) -> None:
    """Property: with no personal details found, the redacted text is the cleaned text."""
    result = analyse(text)
    if not result.personal_details:
        assert "[name]" not in result.redacted or "[name]" in text
