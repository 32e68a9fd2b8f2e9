"""Personal details (full name, address, phone, e-mail, online handle, date of birth) and redaction."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .data import load_yaml
from .lexicon import everyday_words

PLACEHOLDERS = {
    "full_name": "[name]",
    "address": "[address]",
    "phone": "[phone]",
    "email": "[email]",
    "handle": "[handle]",
    "date_of_birth": "[date of birth]",
}

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTHS}\b,?(?:\s+{_YEAR})?|{_MONTHS}\s+(?:the\s+)?{_DAY}\b,?(?:\s+{_YEAR})?"
    rf"|(?:[12]\d|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:{_YEAR}|\d\d))\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,6}", re.UNICODE)
_PHONE = re.compile(r"(?<![\d+])(?:\+\s?44\s?\(?0?\)?\s?|0)(?:\d[\s\-]?){8,10}\d(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[\s\-]?\d){5,12}(?!\d)")
_PHONE_CONTEXT = re.compile(r"\b(?:phone|fone|number|numba|no|mobile|call|ring|text|whatsapp|contact)\b", re.IGNORECASE)
_AT_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,30}")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
# User-name shaped: has an underscore, or three letters and three digits, or CamelCase with digits.
_HANDLE_SHAPE = re.compile(
    r"^(?=.*[A-Za-z]{2})(?:(?=.*_)[\w.]{4,30}|(?=(?:.*[A-Za-z]){3})(?=(?:.*\d){3})[A-Za-z0-9]{6,30}"
    r"|(?=.*[a-z][A-Z])(?=.*\d)[A-Za-z0-9]{5,30})$"
)
_HANDLE_LIKE = re.compile(r"[\w.]+")
#: Small words that never sit inside a street name ("2 dogs and a park" is not an address).
_NOT_IN_STREET = frozenset("a an the and or of my to in on at with is are was for from our your his her".split())


@dataclass(frozen=True, slots=True)
class Detail:
    """One personal detail found at characters [start, end) of the text."""

    kind: str
    start: int
    end: int


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    """Regular expressions built from the word lists in personal_details.yaml."""
    data = load_yaml("personal_details.yaml")
    alternation = lambda words: "|".join(sorted((re.escape(str(w)).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))  # noqa: E731
    intro = alternation(data["name_intros"])
    street = alternation(data["street_words"])
    return {
        "intro": re.compile(rf"\b(?:{intro})\s+", re.IGNORECASE),
        "platform": re.compile(
            rf"\b(?:{alternation(data['platforms'])})\b(?:\s+(?:name|username|user|id|tag|account|handle))?"
            rf"(?:\s*(?:is|its|it's|=|:|-)\s*|\s+)(?:called\s+|@)?(\S+)",
            re.IGNORECASE,
        ),
        "address": re.compile(
            rf"\b(?:(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[A-Za-z'\-]+\s+){{1,3}}(?:{street})\b",
            re.IGNORECASE,
        ),
        "live_on": re.compile(rf"\blive\s+(?:on|at|in)\s+(?:[A-Za-z'\-]+\s+){{1,3}}(?:{street})\b", re.IGNORECASE),
        "birth": re.compile(rf"\b(?:{alternation(data['birth_words'])})", re.IGNORECASE),
    }


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """Known first names and surnames (lowercase), to spot names typed in lowercase."""
    data = load_yaml("personal_details.yaml")
    return frozenset(str(n).lower() for n in data["first_names"]), frozenset(str(n).lower() for n in data["surnames"])


def _is_surname(word: str) -> bool:
    """A word that can be a surname: known, or capitalised and not an everyday word."""
    plain = word.strip(".,!?'").lower()
    if not plain.isalpha() or len(plain) < 2:
        return False
    first_names, surnames = _names()
    if plain in surnames:
        return True
    return word[:1].isupper() and plain not in everyday_words() and plain not in first_names


def _full_names(text: str) -> list[Detail]:
    """Names with a surname after "my name is", "I'm", "call me" and the like."""
    first_names, _ = _names()
    found: list[Detail] = []
    for intro in _compiled()["intro"].finditer(text):
        words = list(re.finditer(r"[A-Za-z][A-Za-z'\-]*", text[intro.end():intro.end() + 80]))
        if len(words) < 2:
            continue
        first = words[0].group()
        if first.lower() not in first_names and not (first[:1].isupper() and first.lower() not in everyday_words()):
            continue
        last = 1
        # A middle name ("Amelia Rose Thompson") joins the name when a surname follows it.
        if len(words) > 2 and words[1].group().lower() in first_names and _is_surname(words[2].group()):
            last = 2
        if not _is_surname(words[last].group()):
            continue
        gap = text[intro.end() + words[0].end():intro.end() + words[last].start()]
        if re.search(r"[^\sA-Za-z'\-]", gap):
            continue
        found.append(Detail("full_name", intro.end() + words[0].start(), intro.end() + words[last].end()))
    return found


def _dates_of_birth(text: str) -> list[Detail]:
    """Dates with day and month said to be a birthday, or full dates in a pupil's birth years."""
    birth = _compiled()["birth"]
    found: list[Detail] = []
    for match in _DATE.finditer(text):
        near = text[max(0, match.start() - 60):match.start()]
        year = re.search(_YEAR, match.group())
        pupil_age = year is not None and 2005 <= int(year.group()) <= 2023
        if birth.search(near) or pupil_age:
            found.append(Detail("date_of_birth", match.start(), match.end()))
    return found


def _handles(text: str, taken: list[Detail]) -> list[Detail]:
    """Online names: @names, names after "my snap is", and user-name-shaped words."""
    found = [Detail("handle", m.start(), m.end()) for m in _AT_HANDLE.finditer(text)]
    for match in _compiled()["platform"].finditer(text):
        word = match.group(1).strip(".,!?;:\"'()")
        start = match.start(1)
        if len(word) >= 3 and (word.lower() not in everyday_words() or _HANDLE_SHAPE.match(word)):
            found.append(Detail("handle", start, start + len(word)))
    for match in _HANDLE_LIKE.finditer(text):
        if 4 <= len(match.group()) <= 30 and _HANDLE_SHAPE.match(match.group()) and not _DATE.fullmatch(match.group()):
            found.append(Detail("handle", match.start(), match.end()))
    return [d for d in found if not _overlaps(d, taken)]


def _phones(text: str) -> list[Detail]:
    """UK phone numbers, and long numbers said to be a phone number."""
    found = [Detail("phone", m.start(), m.end()) for m in _PHONE.finditer(text)]
    for match in _LONG_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 7 and _PHONE_CONTEXT.search(text[max(0, match.start() - 40):match.start()]):
            found.append(Detail("phone", match.start(), match.end()))
    return found


def _looks_like_street(found: str) -> bool:
    """True when the words before "Road", "Close"... could be a street's name."""
    words = re.findall(r"[a-z']+", re.sub(r"\b\d+[a-z]?\b", " ", found.lower()))
    while words and words[0] in {"live", "on", "at", "in", "flat", "apartment", "apt", "unit"}:
        words = words[1:]
    return bool(words[:-1]) and not _NOT_IN_STREET & set(words[:-1])


def _overlaps(detail: Detail, others: list[Detail]) -> bool:
    """True when a detail overlaps any of the others."""
    return any(detail.start < o.end and o.start < detail.end for o in others)


def find_details(text: str) -> list[Detail]:
    """All personal details, without overlaps, in the order they appear."""
    compiled = _compiled()
    found: list[Detail] = [Detail("email", m.start(), m.end()) for m in _EMAIL.finditer(text)] if "@" in text else []
    for detail in _phones(text) + _dates_of_birth(text):
        if not _overlaps(detail, found):
            found.append(detail)
    addresses = [
        Detail("address", m.start(), m.end())
        for key in ("address", "live_on")
        for m in compiled[key].finditer(text)
        if _looks_like_street(m.group())
    ]
    addresses += [Detail("address", m.start(), m.end()) for m in _POSTCODE.finditer(text) if any(c.isdigit() for c in m.group())]
    for detail in addresses + _full_names(text):
        if not _overlaps(detail, found):
            found.append(detail)
    for detail in _handles(text, found):
        if not _overlaps(detail, found):
            found.append(detail)
    return sorted(found, key=lambda d: d.start)


def kinds_in_order(details: list[Detail]) -> list[str]:
    """Each kind of detail once, in the order first mentioned."""
    kinds: list[str] = []
    for detail in details:
        if detail.kind not in kinds:
            kinds.append(detail.kind)
    return kinds


def redact(text: str, details: list[Detail]) -> str:
    """The text with each detail replaced by its placeholder, e.g. "[phone]"."""
    out, position = [], 0
    for detail in sorted(details, key=lambda d: d.start):
        if detail.start < position:
            continue
        out.append(text[position:detail.start])
        out.append(PLACEHOLDERS[detail.kind])
        position = detail.end
    out.append(text[position:])
    return "".join(out)
