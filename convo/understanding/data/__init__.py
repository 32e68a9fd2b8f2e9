"""Read the package's data files (YAML word lists and the SOC 2020 tables)."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent


@cache
def load_yaml(name: str) -> Any:
    """Parse one YAML file from the data folder (cached: files never change at run time)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        # The C or Python SafeLoader.
        return yaml.load(handle, Loader=loader)  # nosec B506


def read_csv(name: str) -> list[dict[str, str]]:
    """Read one CSV file from the data folder as a list of rows."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def word_list(name: str) -> frozenset[str]:
    """Read a plain word list (one word a line; # starts a comment)."""
    words: set[str] = set()
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line:
                words.update(line.split())
    return frozenset(words)
