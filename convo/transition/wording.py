"""The words around a pupil's "My future" page, shared by the PDF and the pack's README."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..schoolyear import academic_year_label, year_label

#: Stereotype kinds in words.
KIND_LABELS = {"gender": _l("Gender"), "ability": _l("Ability"), "social_class": _l("Social class"),
               "ethnicity_or_religion": _l("Ethnicity or religion"), "disability": _l("Disability"),
               "age": _l("Age")}
#: What the pupil thought after seeing a counter-example.
VIEW_LABELS = {"changed": _l("thinks differently now"), "same": _l("thinks the same"),
               "unsure": _l("not sure yet")}
#: The most characters of a pupil's words one line of a page shows.
LONGEST = 160


def short(text: str | None, longest: int = LONGEST) -> str:
    """The words, cut at a word boundary with "…" if they are too long for one line of a page."""
    text = " ".join((text or "").split())
    if len(text) <= longest:
        return text
    return text[:longest].rsplit(" ", 1)[0] + "…"


def heading_title(title: str | None) -> str:
    """A job title as a heading shows it, with a capital first letter ("Chef", "Vet")."""
    title = short(title, 80)
    return title[:1].upper() + title[1:]


def full_name(record: dict[str, Any]) -> str:
    """The pupil's name as the page shows it: preferred forename and surname."""
    return f"{record['forename']} {record['surname']}"


def when(item: dict[str, Any]) -> str:
    """When something was said, e.g. "Year 4, 2023/24"."""
    return _("%(year)s, %(academic_year)s", year=year_label(item["year_group"]),
             academic_year=academic_year_label(item["academic_year"]))


def soc_code(aspiration: dict[str, Any]) -> str:
    """The SOC 2020 code of an aspiration in words, or nothing when it could not be coded."""
    return _("SOC 2020: %(code)s", code=aspiration["soc2020"]) if aspiration.get("soc2020") else ""


def in_their_words(aspiration: dict[str, Any]) -> str:
    """The pupil's own words for a job, when they say more than its title."""
    said = short(aspiration["said"])
    if said.casefold() == aspiration["title"].casefold():
        return ""
    return _("In their words: “%(words)s”", words=said)


def likes(aspiration: dict[str, Any]) -> str:
    """What the pupil likes about a job, in their words."""
    return _("What they like about it: “%(words)s”", words=short(aspiration["likes"])) \
        if aspiration.get("likes") else ""


def stereotype_line(reflection: dict[str, Any]) -> str:
    """A shared stereotype reflection in one line: what they said, and what they think now."""
    kind = str(KIND_LABELS.get(reflection["kind"], reflection["kind"]))
    view = str(VIEW_LABELS.get(reflection.get("view_after") or "", _("no answer yet")))
    return _("%(kind)s: “%(words)s” – after a counter-example, %(view)s",
             kind=kind, words=short(reflection["said"]), view=view)


def headings(record: dict[str, Any]) -> dict[str, str]:
    """The page's headings and notes for one pupil, in the current language."""
    name = record["forename"]
    return {
        "title": _("My future"),
        "aspirations": _("What %(name)s would like to do, over the years", name=name),
        "no_aspirations": _("%(name)s has not named a job yet.", name=name),
        "interests": _("Interests"),
        "skills": _("Skills"),
        "subjects": _("Subjects"),
        "find_out": _("What %(name)s wants to find out at secondary school", name=name),
        "stereotypes": _("Thinking about stereotypes (shared by %(name)s)", name=name),
        "and_more": _("…and more"),
        "made_from": _("Made by %(school)s from %(name)s's careers conversations, in their own "
                       "words. The same record, with the UPN, is in the pack's CSV and JSON files.",
                       school=record["primary_school"]["name"], name=name),
        "left_out": _("Some words are in a script this page cannot print, shown as […]. The pack's "
                      "CSV and JSON files have them in full."),
    }
