"""Where built transition packs are kept: inside the instance folder, never under static/."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from ..models import TransitionPack

#: The folder, inside the instance folder, that holds every school's built packs.
FOLDER = "transition-packs"


def pack_folder() -> Path:
    """The folder of built packs (TRANSITION_PACK_FOLDER, or the instance folder's), created if missing."""
    folder = Path(current_app.config.get("TRANSITION_PACK_FOLDER") or Path(current_app.instance_path) / FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pack_path(pack: TransitionPack) -> Path | None:
    """The zip file of a built pack, or None while it has no file."""
    if not pack.file_name:
        return None
    return pack_folder() / pack.file_name
