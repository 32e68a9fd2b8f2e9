"""Compile the translation catalogues before setuptools reads the data files, so every build ships them.

Everything else about the package is in pyproject.toml. The compiled .mo files are not kept in git:
pip install, a wheel or an sdist makes them from translations/*/LC_MESSAGES/messages.po.
"""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup


def compile_catalogues(root: Path) -> None:
    """Write messages.mo beside each messages.po that is newer, leaving out fuzzy entries."""
    for po_path in sorted(root.glob("translations/*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parents[1].name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue, use_fuzzy=False)


compile_catalogues(Path(__file__).resolve().parent)
setup()
