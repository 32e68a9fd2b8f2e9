"""The data duty pages are reachable from where people start, and exports elsewhere are audited."""
from __future__ import annotations

from convo.models import AuditRecord


def test_dashboard_links(client, auth, two_schools):
    """The careers leader's tiles lead to data protection; the DSL's to keeping safeguarding records."""
    home = two_schools["home"]
    school_id = home["school"].id
    auth.sign_in(home["leader"])
    assert f"/schools/{school_id}/privacy/" in client.get(f"/schools/{school_id}/").get_data(as_text=True)
    auth.sign_out()
    auth.sign_in(home["dsl"])
    dashboard = client.get(f"/schools/{school_id}/").get_data(as_text=True)
    assert f"/schools/{school_id}/privacy/" in dashboard and "concerns are kept" in dashboard


def test_admin_nav_has_the_audit_log(client, auth, create_staff):
    """The deployment administrator reaches the audit log from every page's header."""
    auth.sign_in(create_staff(None, name="Admin", is_admin=True))
    assert 'href="/admin/audit"' in client.get("/admin/schools").get_data(as_text=True)


def test_leader_finds_a_pupil_by_name_or_upn(client, auth, two_schools):
    """The search lists matching pupils of this school only, with their subject access and erase links."""
    home, other = two_schools["home"], two_schools["other"]
    auth.sign_in(home["leader"])
    base = f"/schools/{home['school'].id}/privacy/"
    page = client.get(base + "?q=okafor").get_data(as_text=True)
    assert f"pupils/{home['pupil_a'].id}/erase" in page and f"pupils/{other['pupil_a'].id}/" not in page
    assert "Leo Smith" not in page
    by_upn = client.get(base + f"?q={home['pupil_b'].upn}").get_data(as_text=True)
    assert "Leo Smith" in by_upn and "Amara" not in by_upn


def test_printing_the_tablet_sheet_is_audited(client, auth, db, two_schools):
    """The tablet sheet carries picture passwords, so opening it writes an audit record."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    url = f"/schools/{home['school'].id}/classes/{home['class_a'].id}/tablet-sheet"
    assert client.get(url).status_code == 200
    record = db.session.query(AuditRecord).filter_by(action="tablet_sheet_printed").one()
    assert record.target == f"class:{home['class_a'].id}" and record.staff_id == home["teacher_a"].id
