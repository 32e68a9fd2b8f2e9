"""Erasing a pupil takes them out of every transition pack, sent or not, file and record alike."""
from __future__ import annotations

import csv
import io
import json
import zipfile

from convo.models import AuditRecord, TransitionPack
from convo.transition.schema import problems
from convo.transition.storage import pack_path

from .test_sending import _build, app_config, journey  # noqa: F401 - shared fixtures


def _zip(client, url) -> zipfile.ZipFile:
    """A downloaded pack as an open zip."""
    response = client.get(url)
    assert response.status_code == 200
    data = response.data
    response.close()
    return zipfile.ZipFile(io.BytesIO(data))


def test_erasure_rewrites_sent_and_unsent_packs(client, auth, journey, db, create_pupil):
    """The secondary's pages and zip lose the pupil; the other pupil's page is untouched; so does an unsent pack."""
    primary, academy = journey["primary"], journey["academy"]
    amara, leo = journey["pupils"][0], journey["pupils"][1]
    amara_id, amara_upn = amara.id, amara.upn
    auth.sign_in(journey["leader"])
    sent = _build(client, journey)[0]
    client.post(f"/schools/{primary.id}/transition/packs/{sent.id}/send", data={})
    sent_path = pack_path(sent)
    before = zipfile.ZipFile(sent_path)
    leo_pdf = [n for n in before.namelist() if "smith" in n][0]
    leo_bytes = before.read(leo_pdf)
    before.close()
    # A second, unsent pack holding Amara (as if built again for another reason).
    unsent = TransitionPack(school_id=primary.id, destination_dfe="3804101", destination_name="Valley Academy",
                            academic_year=sent.academic_year, batch="again", status="ready",
                            file_name="copy.zip", pupils_total=2)
    (sent_path.parent / "copy.zip").write_bytes(sent_path.read_bytes())
    unsent.pupils = [amara, leo]
    db.session.add(unsent)
    db.session.commit()
    unsent_id = unsent.id
    page = client.get(f"/schools/{primary.id}/privacy/pupils/{amara_id}/erase").get_data(as_text=True)
    assert "removed from 2 transition packs" in page and "ask them to delete this pupil" in page
    done = client.post(f"/schools/{primary.id}/privacy/pupils/{amara_id}/erase",
                       data={"full_name": "Amara Okafor"}, follow_redirects=True).get_data(as_text=True)
    assert "removed from 2 transition packs" in done and "ask them to delete this pupil" in done
    record = AuditRecord.query.filter_by(action="pupil_erased").one()
    assert record.detail["packs_changed"] == 2
    db.session.expire_all()
    pack = db.session.get(TransitionPack, sent.id)
    assert pack.pupils_total == 1 and [p.id for p in pack.pupils] == [leo.id]
    assert pack.size_bytes == sent_path.stat().st_size
    auth.sign_out()
    auth.sign_in(journey["receiver"])
    listing = client.get(f"/schools/{academy.id}/incoming/{sent.id}/").get_data(as_text=True)
    assert "Okafor" not in listing and "Smith" in listing
    assert "Okafor" not in client.get(f"/schools/{academy.id}/incoming/{sent.id}/pupils/1").get_data(as_text=True)
    assert client.get(f"/schools/{academy.id}/incoming/{sent.id}/pupils/2").status_code == 404
    zipped = _zip(client, f"/schools/{academy.id}/incoming/{sent.id}/download")
    assert [n for n in zipped.namelist() if n.endswith(".pdf")] == [leo_pdf]
    assert zipped.read(leo_pdf) == leo_bytes
    rows = list(csv.reader(io.StringIO(zipped.read("pupils.csv").decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [leo.upn] and amara_upn not in zipped.read("pupils.csv").decode()
    document = json.loads(zipped.read("transition-pack.json"))
    assert problems(document) == [] and [r["upn"] for r in document["pupils"]] == [leo.upn]
    assert "what 1 pupils said" in zipped.read("README.txt").decode()
    auth.sign_out()
    auth.sign_in(journey["leader"])
    client.post(f"/schools/{primary.id}/transition/packs/{unsent_id}/send", data={})
    later = _zip(client, f"/schools/{primary.id}/transition/packs/{unsent_id}/download")
    assert amara_upn not in later.read("pupils.csv").decode()
    assert not any("okafor" in n for n in later.namelist())


def test_a_pack_left_empty_is_deleted(client, auth, journey, db):
    """Erasing the only pupil of a pack deletes the pack and its file."""
    primary = journey["primary"]
    auth.sign_in(journey["leader"])
    far = _build(client, journey)[1]
    path, far_id = pack_path(far), far.id
    ivy = journey["pupils"][2]
    client.post(f"/schools/{primary.id}/privacy/pupils/{ivy.id}/erase", data={"full_name": "Ivy Nowak"})
    db.session.expire_all()
    assert db.session.get(TransitionPack, far_id) is None and not path.exists()
