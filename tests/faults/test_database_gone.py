"""When the database goes away mid-request, the pupil still gets the calm page, not the server's own."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from tests.attacks.report import record


@pytest.fixture
def app_config() -> dict:
    """Errors are handled as in production, not raised into the test."""
    return {"PROPAGATE_EXCEPTIONS": False}


def test_the_error_page_needs_no_database(app, client, monkeypatch):
    """A page whose database calls all fail, the error page's own included, still says the calm words."""
    def gone(*args, **kwargs):
        """Every look-up fails as if the server had shut down."""
        raise OperationalError("SELECT 1", {}, Exception("the database system is shutting down"))

    @app.get("/_test/database-gone")
    def database_gone():
        """A view whose query fails."""
        gone()

    monkeypatch.setattr("convo.i18n.page_school", gone)
    response = client.get("/_test/database-gone")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body and "Nothing you did caused this" in body
    assert "Traceback" not in body and "OperationalError" not in body
    record("Faults: database gone", 1, 0, "the error page itself cannot reach the database: calm words still shown")


def test_a_failed_rollback_at_the_end_of_a_request_keeps_the_page(app, client, db, monkeypatch):
    """The session's last rollback can fail when the server has just closed the connection; the
    answer already made must still reach the tablet rather than the server's bare 500."""
    from convo.extensions import db as database
    calls = []
    real_remove = database.session.remove

    def remove_once_broken():
        """The first removal fails as a rollback on a closed connection would; later ones work."""
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))
        return real_remove()

    monkeypatch.setattr(database.session, "remove", remove_once_broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert len(calls) >= 2
