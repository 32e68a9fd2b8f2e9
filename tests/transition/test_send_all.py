"""One press sends every built pack whose school can open it here."""
from __future__ import annotations

import pytest

from convo.models import AuditRecord, TransitionPack

from .test_sending import _build, journey  # noqa: F401 - journey is a fixture


@pytest.fixture
def app_config():
    """Build packs inside the request, so each test sees the finished pack at once."""
    return {"TRANSITION_BUILD_IN_REQUEST": True}


def test_send_every_built_pack_here(client, auth, journey, db, create_pupil):  # noqa: F811
    """Both packs for schools in the deployment are sent; the one for a school outside it is not."""
    year6 = journey["pupils"][0].school_class
    create_pupil(year6, "Noor", "Ali", destination_dfe="3804102")
    auth.sign_in(journey["leader"])
    packs = _build(client, journey)
    assert [p.destination_dfe for p in packs] == ["3804101", "3804102", "8604003"]
    overview = f"/schools/{journey['primary'].id}/transition/"
    page = client.get(overview).get_data(as_text=True)
    assert "Send every built pack to its school" in page and "Far High, Valley Academy" in page
    response = client.post(f"/schools/{journey['primary'].id}/transition/send-all", data={},
                           follow_redirects=True)
    assert "Sent 2 packs: Far High, Valley Academy." in response.get_data(as_text=True)
    db.session.expire_all()
    sent = {p.destination_dfe: p.sent_at is not None for p in TransitionPack.query.all()}
    assert sent == {"3804101": True, "3804102": True, "8604003": False}
    assert AuditRecord.query.filter_by(action="transition_pack_sent").count() == 2
    again = client.post(f"/schools/{journey['primary'].id}/transition/send-all", data={},
                        follow_redirects=True)
    assert "no built pack left to send" in again.get_data(as_text=True)
    assert AuditRecord.query.filter_by(action="transition_pack_sent").count() == 2
    assert "Send every built pack" not in client.get(overview).get_data(as_text=True)
