"""A teacher records that a pupil chose to share a stereotype reflection with their secondary school."""
from __future__ import annotations

from sqlalchemy import select

from convo.models import AuditRecord, StereotypeEvent
from convo.schoolyear import current_academic_year


def _event(db, pupil) -> StereotypeEvent:
    """A stereotype the pupil voiced, not yet shared."""
    event = StereotypeEvent(pupil_id=pupil.id, kind="gender", redacted_text="only girls can be nurses",
                            view_after="changed", academic_year=current_academic_year(),
                            year_group=pupil.year_group)
    db.session.add(event)
    db.session.commit()
    return event


def _url(pupil, event) -> str:
    """The sharing form's address for one event."""
    return f"/schools/{pupil.school_id}/pupils/{pupil.id}/stereotypes/{event.id}/shared"


def test_the_class_teacher_shares_and_unshares(client, auth, two_schools, db):
    """The pupil's own teacher sets sharing both ways; each change is audited."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    event = _event(db, pupil)
    auth.sign_in(home["teacher_a"])
    page = client.get(f"/schools/{pupil.school_id}/pupils/{pupil.id}/").get_data(as_text=True)
    assert "The pupil chose to share this with their secondary school" in page
    response = client.post(_url(pupil, event), data={"shared": "yes"})
    assert response.status_code == 302 and response.location.endswith(f"#stereotype-{event.id}")
    db.session.expire_all()
    assert db.session.get(StereotypeEvent, event.id).shared_with_secondary is True
    assert "Stop sharing" in client.get(f"/schools/{pupil.school_id}/pupils/{pupil.id}/").get_data(as_text=True)
    client.post(_url(pupil, event), data={"shared": "no"})
    db.session.expire_all()
    assert db.session.get(StereotypeEvent, event.id).shared_with_secondary is False
    audits = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "stereotype_sharing_changed")
                                .order_by(AuditRecord.id)).all()
    assert [(a.target, a.detail["shared"], a.staff_id) for a in audits] == [
        (f"stereotype_event:{event.id}", True, home["teacher_a"].id),
        (f"stereotype_event:{event.id}", False, home["teacher_a"].id)]


def test_a_teacher_of_another_class_is_refused(client, auth, two_schools, db):
    """Another class's teacher gets 404 and nothing changes; so does a bad value or a stranger's event."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    event = _event(db, pupil)
    other_event = _event(db, home["pupil_b"])
    auth.sign_in(home["teacher_b"])
    assert client.post(_url(pupil, event), data={"shared": "yes"}).status_code == 404
    auth.sign_out()
    auth.sign_in(home["teacher_a"])
    assert client.post(_url(pupil, event), data={"shared": "maybe"}).status_code == 404
    assert client.post(_url(pupil, other_event), data={"shared": "yes"}).status_code == 404
    db.session.expire_all()
    assert not db.session.get(StereotypeEvent, event.id).shared_with_secondary
    assert not db.session.get(StereotypeEvent, other_event.id).shared_with_secondary
