"""Where Convo's non-Python resources live, in a checkout and in an installed wheel."""
import sys
from pathlib import Path

#: Folders that sit beside the package in a checkout and ship as data files in a wheel.
RESOURCE_FOLDERS = ("templates", "static", "prompts", "migrations", "translations")


def resource_dir(name: str) -> Path:
    """Return the folder `name` from the checkout, or from the installed data files."""
    if name not in RESOURCE_FOLDERS:
        raise ValueError(f"unknown resource folder {name!r}")
    root = Path(__file__).resolve().parents[1]
    # A checkout has pyproject.toml beside the package; an installed wheel does not.
    if (root / "pyproject.toml").is_file():
        return root / name
    return Path(sys.prefix) / "share" / "convo" / name
