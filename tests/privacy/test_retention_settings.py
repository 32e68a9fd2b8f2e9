"""Who sets which retention period, the purge command, and keep-until on a real concern."""
from __future__ import annotations

from datetime import date

import pytest

from convo.models import AuditRecord, Concern, Pupil, School, TransitionPack
from convo.privacy.dates import add_years

from ..fixtures.talk import play


def retention(school) -> str:
    """The retention page of a school."""
    return f"/schools/{school.id}/privacy/retention"


def test_careers_leader_sets_months_within_range(client, auth, db, two_schools):
    """1 to 36 months are accepted and audited; 0 and 37 are refused."""
    home = two_schools["home"]
    school = home["school"]
    auth.sign_in(home["leader"])
    assert client.get(retention(school)).status_code == 200
    save = retention(school) + "/careers"
    for bad in ("0", "37", "six"):
        assert client.post(save, data={"careers_retention_months": bad}).status_code == 400
    assert client.post(save, data={"careers_retention_months": "12"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(School, school.id).careers_retention_months == 12
    record = db.session.query(AuditRecord).filter_by(action="retention_changed").one()
    assert record.detail == {"careers_retention_months": 12, "was": 6}


def test_careers_leader_cannot_change_concern_retention(client, auth, db, two_schools):
    """The concern age is the DSL's alone; the careers leader's page does not offer it."""
    home = two_schools["home"]
    auth.sign_in(home["leader"])
    page = client.get(retention(home["school"])).get_data(as_text=True)
    assert "concern_retention_age" not in page
    assert client.post(retention(home["school"]) + "/concerns",
                       data={"concern_retention_age": "20"}).status_code == 404
    assert db.session.get(School, home["school"].id).concern_retention_age == 25


@pytest.mark.parametrize("age, status", [("17", 400), ("31", 400), ("18", 302), ("30", 302)])
def test_dsl_sets_concern_age_within_range(client, auth, db, two_schools, age, status):
    """The DSL may choose 18 to 30."""
    home = two_schools["home"]
    auth.sign_in(home["dsl"])
    response = client.post(retention(home["school"]) + "/concerns", data={"concern_retention_age": age})
    assert response.status_code == status


def test_dsl_change_moves_existing_concerns(client, auth, db, two_schools, plant):
    """Changing 25 to 21 brings every concern's keep-until date four years forward."""
    home = two_schools["home"]
    concern_id = plant(home["pupil_a"], keep_until=date(2041, 2, 28)).id
    auth.sign_in(home["dsl"])
    assert "careers_retention_months" not in client.get(retention(home["school"])).get_data(as_text=True)
    assert client.post(retention(home["school"]) + "/careers",
                       data={"careers_retention_months": "3"}).status_code == 404
    client.post(retention(home["school"]) + "/concerns", data={"concern_retention_age": "21"})
    db.session.expire_all()
    assert db.session.get(Concern, concern_id).keep_until == date(2037, 2, 28)
    record = db.session.query(AuditRecord).filter_by(action="concern_retention_changed").one()
    assert record.detail == {"concern_retention_age": 21, "was": 25, "concerns_redated": 1}
    # The careers leader's audit log does not show it, so they cannot count the school's concerns.
    auth.sign_out()
    auth.sign_in(home["leader"])
    log = client.get(f"/schools/{home['school'].id}/privacy/audit").get_data(as_text=True)
    assert "Concern retention changed" not in log and "concerns redated" not in log


def test_teacher_cannot_open_retention(client, auth, two_schools):
    """A class teacher has no data duty pages."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    assert client.get(retention(home["school"])).status_code == 404
    assert client.get(f"/schools/{home['school'].id}/privacy/").status_code == 404


def test_a_real_concern_is_kept_until_the_birthday(db, two_schools):
    """A concern raised in a conversation gets date of birth + the school's age as its keep-until day."""
    home = two_schools["home"]
    pupil = home["pupil_a"]
    pupil.year_group = 5
    pupil.date_of_birth = date(2016, 2, 29)
    db.session.commit()
    play(pupil, typed="my stepdad hits me with his belt when mum is out", stop_after_typing=True)
    concern = db.session.query(Concern).one()
    assert concern.keep_until == add_years(date(2016, 2, 29), 25) == date(2041, 2, 28)


def test_purge_command(runner, db, two_schools, plant, sent_pack):
    """`convo purge` reports per school, a dry run changes nothing, a second run has nothing to do."""
    home = two_schools["home"]
    urn, pupil_id = home["school"].urn, home["pupil_a"].id
    plant(home["pupil_a"])
    sent_pack(home["school"], [home["pupil_a"]], date(2026, 1, 1))
    dry = runner.invoke(args=["purge", "--school", urn, "--dry-run", "--today", "2026-08-01"])
    assert dry.exit_code == 0 and "would remove 1 pupils" in dry.output
    assert db.session.get(Pupil, pupil_id) is not None
    done = runner.invoke(args=["purge", "--today", "2026-08-01"])
    assert done.exit_code == 0, done.output
    assert "Home Primary" in done.output and "removed 1 pupils" in done.output
    assert "1 transition pack files" in done.output
    assert "Other Primary" in done.output and "nothing is due today" in done.output
    # One record per school for the day: Home's with its counts, Other's with zeros.
    assert db.session.query(AuditRecord).filter_by(action="purge").count() == 2
    again = runner.invoke(args=["purge", "--today", "2026-08-01"])
    assert again.output.count("the purge already ran for this day") == 2
    assert db.session.query(AuditRecord).filter_by(action="purge").count() == 2


def test_page_previews_the_purge_for_each_role(client, auth, db, two_schools, plant):
    """The leader sees how many careers records would go; only the DSL sees the concern count."""
    home = two_schools["home"]
    home["pupil_a"].left_on = date(2020, 1, 1)
    db.session.commit()
    plant(home["pupil_a"], state="closed", keep_until=date(2021, 1, 1))
    auth.sign_in(home["leader"])
    page = client.get(retention(home["school"])).get_data(as_text=True)
    assert "1 pupil's careers record and details would go." in page
    assert "The purge has not run yet" in page
    assert "closed concern" not in page
    auth.sign_out()
    auth.sign_in(home["dsl"])
    page = client.get(retention(home["school"])).get_data(as_text=True)
    assert "1 closed concern would go." in page
    assert db.session.get(Pupil, home["pupil_a"].id) is not None


def test_a_failing_school_changes_nothing_and_the_others_go_on(runner, db, monkeypatch, two_schools, plant,
                                                               sent_pack, instance_folder):
    """An error half-way through one school rolls all of its purge back; the next school is purged."""
    from convo.privacy import retention as module
    home, other = two_schools["home"], two_schools["other"]
    home_id, other_id = home["pupil_a"].id, other["pupil_a"].id
    for world, name in ((home, "home.zip"), (other, "other.zip")):
        plant(world["pupil_a"], concern=False)
        sent_pack(world["school"], [world["pupil_a"]], date(2026, 1, 1), name=name)
    failing_school = home["school"].id
    real = module._remove_concerns

    def fail_for_home(school, today):
        """Fail after the home school's pupils and pack were already removed in the transaction."""
        if school.id == failing_school:
            raise RuntimeError("disk on fire")
        return real(school, today)

    monkeypatch.setattr(module, "_remove_concerns", fail_for_home)
    result = runner.invoke(args=["purge", "--today", "2026-08-01"])
    assert result.exit_code == 1 and "nothing was removed, because of an error: disk on fire" in result.output
    db.session.expire_all()
    assert db.session.get(Pupil, home_id) is not None
    assert db.session.query(TransitionPack).filter_by(file_name="home.zip").one().purged_at is None
    assert db.session.get(Pupil, other_id) is None
    assert db.session.query(TransitionPack).filter_by(file_name="other.zip").one().purged_at is not None
    assert (instance_folder / "transition-packs" / "home.zip").exists()
    assert not (instance_folder / "transition-packs" / "other.zip").exists()
