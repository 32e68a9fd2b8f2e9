"""`convo export-lines`: one JSON object per pupil-facing line, optionally translated."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from babel.support import NullTranslations, Translations

from .extract import iter_lines

DEFAULT_LOCALE = "en-GB"


def translations_for(locale: str, folder: Path) -> NullTranslations:
    """The gettext catalogue for a locale (translations/<locale>/LC_MESSAGES/messages.mo), or none."""
    if locale.replace("_", "-").lower() == DEFAULT_LOCALE.lower():
        return NullTranslations()
    return Translations.load(str(folder), locales=[locale.replace("-", "_")], domain="messages")


def export_lines(root: Path, locale: str = DEFAULT_LOCALE, folder: Path | None = None) -> Iterator[dict]:
    """Each line as {"id", "band", "text", "kind"}, in the locale when a translation exists."""
    catalogue = translations_for(locale, folder or root.parent / "translations")
    for line in iter_lines(root):
        # pgettext gives back the English text when there is no translation: the fallback we want.
        yield {"id": line.id, "band": line.band, "text": catalogue.pgettext(line.id, line.text), "kind": line.kind}


def export_json_lines(root: Path, locale: str = DEFAULT_LOCALE, folder: Path | None = None) -> Iterator[str]:
    """The export as JSON Lines text."""
    for item in export_lines(root, locale, folder):
        yield json.dumps(item, ensure_ascii=False)
