"""The careers leader builds, sends and confirms packs; a secondary's transition leader opens them."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from convo.models import AuditRecord, Role, TransitionPack
from convo.models.schools import Phase
from convo.schoolyear import academic_year_label


@pytest.fixture
def app_config():
    """Build packs inside the request, so each test sees the finished pack at once."""
    return {"TRANSITION_BUILD_IN_REQUEST": True}


@pytest.fixture
def journey(db, create_school, create_staff, create_class, create_pupil):
    """A primary with three Year 6 leavers going to two secondaries (one here), and one unknown."""
    primary = create_school("Hill Primary")
    leader = create_staff(primary, Role.CAREERS_LEADER, name="Sam Leader")
    teacher = create_staff(primary, Role.TEACHER)
    year6 = create_class(primary, "Rowan", 6, teachers=[teacher])
    academy = create_school("Valley Academy", live=False, phase=Phase.SECONDARY, la_code="380",
                            establishment_number="4101")
    other = create_school("Far High", live=False, phase=Phase.SECONDARY, la_code="380",
                          establishment_number="4102")
    receiver = create_staff(academy, Role.TRANSITION_LEADER, name="Jo Receiver")
    stranger = create_staff(other, Role.TRANSITION_LEADER, name="Not Theirs")
    pupils = [create_pupil(year6, "Amara", "Okafor", destination_dfe="3804101"),
              create_pupil(year6, "Leo", "Smith", destination_dfe="3804101"),
              create_pupil(year6, "Ivy", "Nowak", destination_dfe="8604003"),
              create_pupil(year6, "Kai", "Brown")]
    return dict(primary=primary, leader=leader, teacher=teacher, academy=academy, other=other,
                receiver=receiver, stranger=stranger, pupils=pupils)


def _build(client, journey) -> list[TransitionPack]:
    """Build the packs through the page and return them, academy first."""
    primary = journey["primary"]
    response = client.post(f"/schools/{primary.id}/transition/build", data={})
    assert response.status_code == 302 and "/batches/" in response.headers["Location"]
    TransitionPack.query.session.expire_all()
    packs = TransitionPack.query.filter_by(school_id=primary.id).order_by(TransitionPack.destination_dfe).all()
    return packs


def _sent_pack(client, auth, journey) -> TransitionPack:
    """The careers leader builds the packs and sends the academy's; then signs out."""
    auth.sign_in(journey["leader"])
    pack = _build(client, journey)[0]
    client.post(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/send", data={})
    auth.sign_out()
    return pack


def test_overview_shows_destinations_and_missing(client, auth, journey):
    """The page lists each destination with its pupils and names the pupil with none."""
    auth.sign_in(journey["leader"])
    page = client.get(f"/schools/{journey['primary'].id}/transition/").get_data(as_text=True)
    assert "Valley Academy" in page and "3804101" in page and "8604003" in page
    assert "Kai Brown" in page and "no destination school" in page


def test_build_makes_one_ready_pack_per_destination(client, auth, journey, db):
    """One pack per destination, each recording who built it and when, with its pupils."""
    auth.sign_in(journey["leader"])
    packs = _build(client, journey)
    assert [p.destination_dfe for p in packs] == ["3804101", "8604003"]
    assert all(p.status == "ready" and p.built_at and p.built_by_id == journey["leader"].id for p in packs)
    assert [p.pupils_total for p in packs] == [2, 1] and packs[0].pupils_done == 2
    assert packs[0].destination_name == "Valley Academy" and packs[1].destination_name is None
    assert {p.surname for p in packs[0].pupils} == {"Okafor", "Smith"}
    progress = client.get(f"/schools/{journey['primary'].id}/transition/batches/{packs[0].batch}/progress").json
    assert progress["finished"] and progress["done"] == progress["total"] == 3 and progress["percent"] == 100
    assert AuditRecord.query.filter_by(action="transition_packs_built").count() == 1


def test_download_is_a_zip_and_audited(client, auth, journey):
    """The careers leader can download a built pack; the download is audited."""
    auth.sign_in(journey["leader"])
    pack = _build(client, journey)[0]
    response = client.get(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/download")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    response.close()
    assert sum(n.endswith(".pdf") for n in names) == 2
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".json") for n in names)
    assert AuditRecord.query.filter_by(action="transition_pack_downloaded").count() == 1


def test_secondary_sees_nothing_until_sent(client, auth, journey, db):
    """An unsent pack is refused to its destination; once sent it opens, and opening records receipt."""
    auth.sign_in(journey["leader"])
    pack = _build(client, journey)[0]
    auth.sign_out()
    academy = journey["academy"]
    auth.sign_in(journey["receiver"])
    assert "Hill Primary" not in client.get(f"/schools/{academy.id}/incoming/").get_data(as_text=True)
    assert client.get(f"/schools/{academy.id}/incoming/{pack.id}/").status_code == 404
    assert client.get(f"/schools/{academy.id}/incoming/{pack.id}/download").status_code == 404
    auth.sign_out()
    auth.sign_in(journey["leader"])
    assert client.post(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/send", data={}).status_code == 302
    auth.sign_out()
    auth.sign_in(journey["receiver"])
    listing = client.get(f"/schools/{academy.id}/incoming/").get_data(as_text=True)
    assert "Hill Primary" in listing
    page = client.get(f"/schools/{academy.id}/incoming/{pack.id}/").get_data(as_text=True)
    assert "Okafor" in page and "Smith" in page and "Nowak" not in page
    db.session.expire_all()
    opened = db.session.get(TransitionPack, pack.id)
    assert opened.received_at is not None and opened.received_by_id == journey["receiver"].id
    one = client.get(f"/schools/{academy.id}/incoming/{pack.id}/pupils/1")
    assert one.status_code == 200 and one.headers["Cache-Control"] == "no-store"
    assert client.get(f"/schools/{academy.id}/incoming/{pack.id}/pupils/3").status_code == 404
    download = client.get(f"/schools/{academy.id}/incoming/{pack.id}/download")
    assert download.status_code == 200 and download.data[:2] == b"PK"
    download.close()
    actions = [a.action for a in AuditRecord.query.all()]
    assert {"transition_pack_sent", "transition_pack_received", "transition_pack_opened"} <= set(actions)
    # Three openings (the list, a pupil, the download) are each audited; the receipt only once.
    assert actions.count("transition_pack_opened") == 3 and actions.count("transition_pack_received") == 1


def test_primary_log_names_the_pack_and_its_receipt(client, auth, journey):
    """The primary's audit log says which pack was sent and that the secondary opened it, in words."""
    pack = _sent_pack(client, auth, journey)
    auth.sign_in(journey["receiver"])
    client.get(f"/schools/{journey['academy'].id}/incoming/{pack.id}/")
    auth.sign_out()
    auth.sign_in(journey["leader"])
    page = client.get(f"/schools/{journey['primary'].id}/privacy/audit").get_data(as_text=True)
    assert "Transition pack received" in page and "opened by the secondary school" in page
    assert f"Hill Primary to Valley Academy, {academic_year_label(pack.academic_year)}" in page
    assert f"pack:{pack.id}" not in page and "batch:" not in page
    # A receipt recorded by hand afterwards keeps the first one.
    response = client.post(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/receipt",
                           data={"note": "Phoned"}, follow_redirects=True)
    assert "already recorded" in response.get_data(as_text=True)
    assert AuditRecord.query.filter_by(action="transition_pack_received").count() == 1


def test_other_secondary_and_primary_staff_are_refused(client, auth, journey):
    """A secondary that is not the destination, and the primary's teacher, cannot open the pack."""
    pack = _sent_pack(client, auth, journey)
    auth.sign_in(journey["stranger"])
    other = journey["other"]
    assert client.get(f"/schools/{other.id}/incoming/{pack.id}/").status_code == 404
    assert "Okafor" not in client.get(f"/schools/{other.id}/incoming/").get_data(as_text=True)
    # Their own school id with the academy's role they do not hold.
    assert client.get(f"/schools/{journey['academy'].id}/incoming/{pack.id}/").status_code == 404
    auth.sign_out()
    auth.sign_in(journey["teacher"])
    assert client.get(f"/schools/{journey['primary'].id}/transition/").status_code == 404
    assert client.get(f"/schools/{journey['primary'].id}/transition/packs/{pack.id}/download").status_code == 404


def test_receipt_recorded_by_the_primary(client, auth, journey, db):
    """For a school outside the deployment, the careers leader records who confirmed receipt."""
    auth.sign_in(journey["leader"])
    elsewhere = _build(client, journey)[1]
    url = f"/schools/{journey['primary'].id}/transition/packs/{elsewhere.id}"
    client.post(url + "/receipt", data={"note": "too early"})
    db.session.expire_all()
    assert db.session.get(TransitionPack, elsewhere.id).received_at is None
    client.post(url + "/send", data={})
    client.post(url + "/receipt", data={"note": "Mr Lee, by phone"})
    db.session.expire_all()
    done = db.session.get(TransitionPack, elsewhere.id)
    assert done.received_at and done.receipt_note == "Mr Lee, by phone"
    assert done.received_by_id == journey["leader"].id


def test_no_destinations_says_so(client, auth, db, create_school, create_staff):
    """With no Year 6 destinations, building explains what is missing instead of failing."""
    primary = create_school("Empty Primary")
    leader = create_staff(primary, Role.CAREERS_LEADER)
    auth.sign_in(leader)
    response = client.post(f"/schools/{primary.id}/transition/build", data={}, follow_redirects=True)
    assert "No Year 6 pupil has a destination school yet" in response.get_data(as_text=True)
    assert TransitionPack.query.count() == 0


@pytest.mark.parametrize("app_config", [{}], indirect=False)
def test_building_in_the_background_reports_progress(client, auth, journey, app_config):
    """Without the in-request switch, packs build on the builder thread and the progress reaches 100%."""
    auth.sign_in(journey["leader"])
    primary = journey["primary"]
    location = client.post(f"/schools/{primary.id}/transition/build", data={}).headers["Location"]
    batch = location.rstrip("/").rsplit("/", 1)[-1]
    assert "progress-bar" in client.get(location).get_data(as_text=True)
    deadline = time.monotonic() + 30
    state = {}
    while time.monotonic() < deadline:
        state = client.get(f"/schools/{primary.id}/transition/batches/{batch}/progress").json
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["finished"] and state["done"] == 3
    assert {p["status"] for p in state["packs"]} == {"ready"}


def test_admin_adds_a_secondary_with_its_transition_leader(client, auth, db, create_staff):
    """A secondary school added by the administrator gets a transition leader, not a careers leader."""
    from convo.models import School, Staff
    admin = create_staff(None, name="Admin", is_admin=True)
    auth.sign_in(admin)
    response = client.post("/admin/schools", data={
        "name": "Valley Academy", "urn": "139999", "la_code": "380", "establishment_number": "4101",
        "phase": "secondary", "leader_name": "Jo Receiver", "leader_email": "jo@valley.example.org"})
    assert response.status_code == 200 and "/set-password/" in response.get_data(as_text=True)
    school = db.session.query(School).filter_by(urn="139999").one()
    staff = db.session.query(Staff).filter_by(email="jo@valley.example.org").one()
    assert staff.roles_in(school.id) == {Role.TRANSITION_LEADER}


def test_building_again_replaces_unsent_packs_and_keeps_sent_ones(client, auth, journey, db):
    """A second build replaces packs nobody was sent (files too) and keeps the one that was sent."""
    from convo.transition.storage import pack_path
    auth.sign_in(journey["leader"])
    academy, elsewhere = _build(client, journey)
    client.post(f"/schools/{journey['primary'].id}/transition/packs/{academy.id}/send", data={})
    old_file = pack_path(elsewhere)
    assert old_file.exists()
    packs = _build(client, journey)
    assert not old_file.exists()
    by_destination = {}
    for pack in packs:
        by_destination.setdefault(pack.destination_dfe, []).append(pack)
    assert len(by_destination["3804101"]) == 2 and len(by_destination["8604003"]) == 1
    assert any(p.id == academy.id and p.sent_at for p in by_destination["3804101"])
    assert pack_path(db.session.get(TransitionPack, academy.id)).exists()
