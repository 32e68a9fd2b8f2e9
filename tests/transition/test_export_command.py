"""`convo export-transition` builds every destination's pack from the shell."""
from __future__ import annotations

import zipfile

from convo.models import AuditRecord, Role, TransitionPack


def test_export_transition_writes_one_zip_per_destination(runner, db, tmp_path, create_school,
                                                          create_staff, create_class, create_pupil):
    """One zip per destination, the pupils without one named, and the build audited."""
    primary = create_school("Hill Primary", urn="123456")
    create_staff(primary, Role.CAREERS_LEADER)
    year6 = create_class(primary, "Rowan", 6)
    create_pupil(year6, "Amara", "Okafor", destination_dfe="3804101")
    create_pupil(year6, "Leo", "Smith", destination_dfe="3804102")
    create_pupil(year6, "Kai", "Brown")
    result = runner.invoke(args=["export-transition", "--school", "123456", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(files) == 2 and all(f.endswith(".zip") for f in files)
    for name in files:
        with zipfile.ZipFile(tmp_path / "out" / name) as pack:
            assert sum(n.endswith(".pdf") for n in pack.namelist()) == 1
    assert "1 pupil(s) have no destination" in result.output
    assert TransitionPack.query.filter_by(status="ready").count() == 2
    assert AuditRecord.query.filter_by(action="transition_packs_built").one().detail["how"] == "command line"


def test_export_transition_explains_an_empty_year(runner, create_school):
    """No leavers with destinations: a clear message and a failing exit code, no traceback."""
    create_school("Empty Primary", urn="654321")
    result = runner.invoke(args=["export-transition", "--school", "654321", "--out", "unused"])
    assert result.exit_code != 0 and "has a destination school" in result.output
    unknown = runner.invoke(args=["export-transition", "--school", "000000", "--out", "unused"])
    assert unknown.exit_code != 0 and "No school with URN" in unknown.output


def test_export_transition_can_mark_the_packs_sent(runner, db, tmp_path, create_school, create_class,
                                                   create_pupil):
    """--mark-sent starts each pack's retention clock, and a later run withdraws the packs it replaces."""
    primary = create_school("Hill Primary", urn="123456")
    year6 = create_class(primary, "Rowan", 6)
    create_pupil(year6, "Amara", "Okafor", destination_dfe="3804101")
    plain = runner.invoke(args=["export-transition", "--school", "123456", "--out", str(tmp_path / "a")])
    assert plain.exit_code == 0 and TransitionPack.query.one().sent_at is None
    args = ["export-transition", "--school", "123456", "--out", str(tmp_path / "b"), "--mark-sent"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "marked as sent" in first.output
    db.session.expire_all()
    [sent] = TransitionPack.query.filter(TransitionPack.sent_at.is_not(None)).all()
    assert sent.sent_by_id is None and sent.withdrawn_at is None
    record = AuditRecord.query.filter_by(action="transition_pack_sent").one()
    assert record.detail["how"] == "command line" and record.staff_id is None
    assert runner.invoke(args=args).exit_code == 0
    db.session.expire_all()
    older = db.session.get(TransitionPack, sent.id)
    assert older.withdrawn_at is not None
    withdrawn = AuditRecord.query.filter_by(action="transition_pack_withdrawn").one()
    assert withdrawn.target == f"pack:{sent.id}" and withdrawn.detail["reason"] == "replaced by a newer pack"
    assert TransitionPack.query.filter(TransitionPack.sent_at.is_not(None),
                                       TransitionPack.withdrawn_at.is_(None)).count() == 1
