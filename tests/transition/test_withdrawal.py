"""Sent packs can be withdrawn, and a newer pack replaces the older one the secondary could open."""
from __future__ import annotations

from datetime import timedelta

import pytest

from convo.models import AuditRecord, TransitionPack
from convo.privacy.retention import pack_file_ends, purge_school
from convo.transition.storage import pack_path

from .test_sending import _build, _sent_pack, journey  # noqa: F401 - journey is a fixture


@pytest.fixture
def app_config():
    """Build packs inside the request, so each test sees the finished pack at once."""
    return {"TRANSITION_BUILD_IN_REQUEST": True}


def _urls(journey, pack_id: int) -> list[str]:  # noqa: F811
    """The secondary's pages for one pack: its list of pupils, one pupil, and the download."""
    base = f"/schools/{journey['academy'].id}/incoming/{pack_id}"
    return [base + "/", base + "/pupils/1", base + "/download"]


def _withdrawals(pack_id: int) -> list[AuditRecord]:
    """The audit records of a pack's withdrawal."""
    return AuditRecord.query.filter_by(action="transition_pack_withdrawn", target=f"pack:{pack_id}").all()


def test_sending_a_newer_pack_replaces_the_older_one(client, auth, journey, db):  # noqa: F811
    """The secondary sees only the newest pack; the older one 404s, its file is gone, and it is audited."""
    old = _sent_pack(client, auth, journey)
    academy = journey["academy"]
    auth.sign_in(journey["receiver"])
    assert f"/incoming/{old.id}/" in client.get(f"/schools/{academy.id}/incoming/").get_data(as_text=True)
    auth.sign_out()
    old_file = pack_path(old)
    assert old_file.exists()
    auth.sign_in(journey["leader"])
    [new] = [p for p in _build(client, journey) if p.destination_dfe == "3804101" and p.id != old.id]
    client.post(f"/schools/{journey['primary'].id}/transition/packs/{new.id}/send", data={})
    auth.sign_out()
    auth.sign_in(journey["receiver"])
    listing = client.get(f"/schools/{academy.id}/incoming/").get_data(as_text=True)
    assert f"/incoming/{new.id}/" in listing and f"/incoming/{old.id}/" not in listing
    for url in _urls(journey, old.id):
        assert client.get(url).status_code == 404, url
    assert client.get(_urls(journey, new.id)[0]).status_code == 200
    auth.sign_out()
    assert not old_file.exists() and pack_path(new).exists()
    db.session.expire_all()
    replaced = db.session.get(TransitionPack, old.id)
    assert replaced.withdrawn_at == new.sent_at and replaced.sent_at is not None
    [record] = _withdrawals(old.id)
    assert record.detail["reason"] == "replaced by a newer pack"
    assert not _withdrawals(new.id)
    auth.sign_in(journey["leader"])
    page = client.get(f"/schools/{journey['primary'].id}/transition/").get_data(as_text=True)
    assert "Replaced on" in page and "Withdrawn on" not in page


def test_careers_leader_withdraws_a_sent_pack(client, auth, journey, db):  # noqa: F811
    """Withdrawing needs the box ticked; then the secondary cannot open it and it cannot be sent again."""
    pack = _sent_pack(client, auth, journey)
    primary = journey["primary"]
    url = f"/schools/{primary.id}/transition/packs/{pack.id}"
    auth.sign_in(journey["leader"])
    overview = client.get(f"/schools/{primary.id}/transition/").get_data(as_text=True)
    assert f"{url}/withdraw" in overview and "ask them to delete it" in overview
    unticked = client.post(url + "/withdraw", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Tick the box" in unticked and pack_path(pack).exists() and not _withdrawals(pack.id)
    done = client.post(url + "/withdraw", data={"confirm": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "can no longer open the pack" in done and "Withdrawn on" in done and "Sam Leader" in done
    assert not pack_path(pack).exists()
    [record] = _withdrawals(pack.id)
    assert record.detail["reason"] == "withdrawn by the primary school"
    assert record.staff_id == journey["leader"].id
    again = client.post(url + "/send", data={}, follow_redirects=True).get_data(as_text=True)
    assert "withdrawn, so it cannot be sent again" in again
    assert client.get(url + "/download").status_code == 302
    assert client.post(url + "/withdraw", data={"confirm": "y"}).status_code == 302
    assert len(_withdrawals(pack.id)) == 1
    auth.sign_out()
    auth.sign_in(journey["receiver"])
    for page in _urls(journey, pack.id):
        assert client.get(page).status_code == 404, page
    assert "Hill Primary" not in client.get(f"/schools/{journey['academy'].id}/incoming/").get_data(as_text=True)


def test_an_unsent_pack_cannot_be_withdrawn(client, auth, journey):  # noqa: F811
    """Only a sent pack is withdrawn; an unsent one is replaced by building again instead."""
    auth.sign_in(journey["leader"])
    pack = _build(client, journey)[0]
    url = f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/withdraw"
    page = client.post(url, data={"confirm": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "Only a sent pack" in page and pack_path(pack).exists() and not _withdrawals(pack.id)


def test_retention_purge_skips_withdrawn_packs(client, auth, journey, db):  # noqa: F811
    """A withdrawn pack has no file left: the purge neither counts it nor fails on it."""
    pack = _sent_pack(client, auth, journey)
    auth.sign_in(journey["leader"])
    client.post(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/withdraw", data={"confirm": "y"})
    db.session.expire_all()
    withdrawn = db.session.get(TransitionPack, pack.id)
    primary = withdrawn.school
    later = pack_file_ends(withdrawn) + timedelta(days=1)
    result = purge_school(primary, later)
    assert result.failed_files == []
    db.session.expire_all()
    packs = {p.id: p for p in TransitionPack.query.all()}
    assert packs[pack.id].purged_at is None and packs[pack.id].withdrawn_at is not None
    # The other, unsent pack was due at the same time and is the only file the purge removed.
    assert result.removed.pack_files == 1
    assert sum(p.purged_at is not None for p in packs.values()) == 1


def test_secondary_is_told_until_when_a_pack_is_available(client, auth, journey, db):  # noqa: F811
    """The list and the pack page show the day the purge removes the file, and the purge keeps to it."""
    pack = _sent_pack(client, auth, journey)
    db.session.expire_all()
    pack = db.session.get(TransitionPack, pack.id)
    ends = pack_file_ends(pack)
    months = pack.school.careers_retention_months
    assert (ends - pack.sent_at.date()).days > 28 * months - 1
    auth.sign_in(journey["receiver"])
    academy = journey["academy"]
    listing = client.get(f"/schools/{academy.id}/incoming/").get_data(as_text=True)
    assert "Available until" in listing and f"{ends.day} {ends.strftime('%b')} {ends.year}" in listing
    page = client.get(f"/schools/{academy.id}/incoming/{pack.id}/").get_data(as_text=True)
    assert f"Available here until {ends.day} {ends.strftime('%B')} {ends.year}" in page
    auth.sign_out()
    path = pack_path(pack)
    purge_school(pack.school, ends - timedelta(days=1))
    assert path.exists()
    purge_school(pack.school, ends)
    assert not path.exists()


def test_building_while_a_build_runs_shows_that_build(client, auth, journey, monkeypatch):  # noqa: F811
    """A second build while the first is queued makes no second batch; it shows the first's progress."""
    monkeypatch.setattr("convo.transition.views.start_batch", lambda batch: None)
    auth.sign_in(journey["leader"])
    url = f"/schools/{journey['primary'].id}/transition/build"
    first = client.post(url, data={}).headers["Location"]
    second = client.post(url, data={})
    assert second.status_code == 302 and second.headers["Location"] == first
    assert len({p.batch for p in TransitionPack.query.all()}) == 1 and TransitionPack.query.count() == 2
    assert "already being built" in client.get(first).get_data(as_text=True)
    assert AuditRecord.query.filter_by(action="transition_packs_built").count() == 1


def test_a_withdrawal_that_is_not_saved_keeps_the_file(client, auth, journey, db):  # noqa: F811
    """The zip is deleted only once the withdrawal is committed: a rolled-back one leaves the pack
    as it was, sent and still whole; a committed one removes the file and records why."""
    from convo.transition.operations import withdraw_pack
    pack = _sent_pack(client, auth, journey)
    path = pack_path(pack)
    db.session.expire_all()
    pack = db.session.get(TransitionPack, pack.id)
    assert path.exists() and withdraw_pack(pack, journey["leader"])
    db.session.rollback()
    db.session.expire_all()
    pack = db.session.get(TransitionPack, pack.id)
    assert path.exists() and pack.withdrawn_at is None
    assert withdraw_pack(pack, journey["leader"])
    db.session.commit()
    assert not path.exists() and pack.withdrawn_reason == "withdrawn"
