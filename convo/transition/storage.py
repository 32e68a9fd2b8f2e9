"""Where built transition packs are kept: inside the instance folder, never under static/."""
from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session

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


def zip_download(path: Path, download_name: str) -> Response:
    """A pack's zip as a download that browsers and proxies do not keep."""
    response = send_file(path, mimetype="application/zip", as_attachment=True, max_age=0,
                         download_name=download_name)
    response.headers["Cache-Control"] = "no-store"
    return response


#: Where a session keeps the files to delete once its transaction has committed.
_DELETE_KEY = "convo_delete_after_commit"


def delete_after_commit(session: Session, path: Path | None) -> None:
    """Delete a file only once the session's transaction commits, so a failed save keeps it."""
    if path is not None:
        session.info.setdefault(_DELETE_KEY, []).append(path)


@event.listens_for(Session, "after_commit")
def _delete_committed(session: Session) -> None:
    """Delete the files this transaction let go of."""
    for path in session.info.pop(_DELETE_KEY, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_on_rollback(session: Session) -> None:
    """A rolled-back transaction deletes nothing."""
    session.info.pop(_DELETE_KEY, None)
