"""The careers leader's transition pages: destinations, building with progress, sending, receipts."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import audit
from ..access import require_staff, school_for
from ..extensions import db
from ..models import Role
from ..schoolyear import current_academic_year
from .forms import BuildForm, ReceiptForm, SendAllForm, SendForm, WithdrawForm
from .operations import (batch_packs, own_pack, packs_of, ready_to_send_here, record_receipt, send_pack,
                         withdraw_pack)
from .plan import destinations, left_before_year_end, plan_packs
from .running import batch_progress, running_batch, stalled_ids, start_batch
from .storage import pack_path, zip_download

bp = Blueprint("transition", __name__, url_prefix="/schools/<int:school_id>/transition")
bp.before_request(require_staff)
LEADER = (Role.CAREERS_LEADER,)


def _year() -> int:
    """The academic year asked for, or this one."""
    return request.args.get("year", type=int) or current_academic_year()


@bp.get("/")
def overview(school_id: int):
    """Where this year's leavers are going, and the packs built for them."""
    school = school_for(school_id, LEADER)
    year = _year()
    found, missing = destinations(school, year)
    packs = packs_of(school, year)
    return render_template("transition/overview.html", school=school, academic_year=year,
                           destinations=found, missing=missing, packs=packs,
                           left_early=left_before_year_end(school, year),
                           build_form=BuildForm(), send_form=SendForm(), receipt_form=ReceiptForm(),
                           withdraw_form=WithdrawForm(), stalled=stalled_ids(packs),
                           send_all_form=SendAllForm(), to_send=ready_to_send_here(packs))


@bp.post("/build")
def build(school_id: int):
    """Queue one pack per destination and start building them; then show their progress."""
    school = school_for(school_id, LEADER)
    year = _year()
    if not BuildForm().validate_on_submit():
        return redirect(url_for(".overview", school_id=school.id, year=year))
    running = running_batch(school, year)
    if running is not None:
        flash(_("The packs for this year are already being built. Here is how far they have got."), "info")
        return redirect(url_for(".batch", school_id=school.id, batch=running))
    packs = plan_packs(school, year, current_user)
    if not packs:
        flash(_("No Year 6 pupil has a destination school yet. Import a roster with destinations."), "error")
        return redirect(url_for(".overview", school_id=school.id, year=year))
    audit.record("transition_packs_built", school_id=school.id, target=f"batch:{packs[0].batch}",
                 packs=len(packs), pupils=sum(p.pupils_total for p in packs), academic_year=year)
    db.session.commit()
    start_batch(packs[0].batch)
    return redirect(url_for(".batch", school_id=school.id, batch=packs[0].batch))


@bp.get("/batches/<batch>")
def batch(school_id: int, batch: str):
    """The progress of a batch of packs; the page updates itself and can be left at any time."""
    school = school_for(school_id, LEADER)
    packs = batch_packs(school, batch)
    return render_template("transition/batch.html", school=school, batch=batch, packs=packs,
                           progress=batch_progress(packs))


@bp.get("/batches/<batch>/progress")
def batch_status(school_id: int, batch: str):
    """The progress of a batch as JSON, for the progress bar."""
    school = school_for(school_id, LEADER)
    response = jsonify(batch_progress(batch_packs(school, batch)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/packs/<int:pack_id>/download")
def download(school_id: int, pack_id: int):
    """The pack's zip, for sending by other means (e.g. to a school outside this deployment)."""
    school = school_for(school_id, LEADER)
    pack = own_pack(school, pack_id)
    path = pack_path(pack)
    if pack.status != "ready" or pack.purged_at or pack.withdrawn_at or path is None or not path.exists():
        flash(_("That pack is not ready to download."), "error")
        return redirect(url_for(".overview", school_id=school.id, year=pack.academic_year))
    audit.record("transition_pack_downloaded", school_id=school.id, target=f"pack:{pack.id}",
                 by="primary", pupils=pack.pupils_total)
    db.session.commit()
    return zip_download(path, f"transition-{school.urn}-{pack.destination_dfe}-{pack.academic_year}.zip")


@bp.post("/packs/<int:pack_id>/send")
def send(school_id: int, pack_id: int):
    """Send a built pack: the destination school can then open it."""
    school = school_for(school_id, LEADER)
    pack = own_pack(school, pack_id)
    if SendForm().validate_on_submit():
        if send_pack(pack, current_user):
            db.session.commit()
            if pack.destination_name:
                flash(_("Sent to %(school)s.", school=pack.destination_name), "success")
            else:
                flash(_("Marked as sent to DfE %(number)s. Record the receipt when the school confirms it.",
                        number=pack.destination_dfe), "success")
        elif pack.withdrawn_at is not None:
            flash(_("That pack was withdrawn, so it cannot be sent again. Build the packs again instead."),
                  "error")
        else:
            flash(_("Only a pack that has finished building can be sent."), "error")
    return redirect(url_for(".overview", school_id=school.id, year=pack.academic_year))


@bp.post("/send-all")
def send_all(school_id: int):
    """Send, in one go, every built pack whose secondary school can open it here."""
    school = school_for(school_id, LEADER)
    year = _year()
    if SendAllForm().validate_on_submit():
        sent = [p for p in ready_to_send_here(packs_of(school, year)) if send_pack(p, current_user)]
        db.session.commit()
        if sent:
            flash(ngettext("Sent %(num)d pack: %(schools)s.", "Sent %(num)d packs: %(schools)s.", len(sent),
                           schools=", ".join(p.destination_name for p in sent)), "success")
        else:
            flash(_("There was no built pack left to send."), "info")
    return redirect(url_for(".overview", school_id=school.id, year=year))


@bp.post("/packs/<int:pack_id>/receipt")
def receipt(school_id: int, pack_id: int):
    """Record that the destination school confirmed it has the pack."""
    school = school_for(school_id, LEADER)
    pack = own_pack(school, pack_id)
    form = ReceiptForm()
    if form.validate_on_submit() and pack.sent_at is not None and pack.withdrawn_at is None:
        if record_receipt(pack, current_user, form.note.data):
            db.session.commit()
            flash(_("Receipt recorded."), "success")
        else:
            flash(_("A receipt was already recorded on %(day)s.", day=format_date(pack.received_at)), "info")
    else:
        flash(_("A receipt can be recorded once the pack has been sent."), "error")
    return redirect(url_for(".overview", school_id=school.id, year=pack.academic_year))


@bp.post("/packs/<int:pack_id>/withdraw")
def withdraw(school_id: int, pack_id: int):
    """Withdraw a sent pack: the destination can no longer open it, and its file is deleted."""
    school = school_for(school_id, LEADER)
    pack = own_pack(school, pack_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to withdraw the pack."), "error")
    elif withdraw_pack(pack, current_user):
        db.session.commit()
        if pack.destination_name:
            flash(_("Withdrawn. %(school)s can no longer open the pack here. Ask them to delete any copy "
                    "they downloaded.", school=pack.destination_name), "success")
        else:
            flash(_("Withdrawn. If DfE %(number)s has a copy of the pack, ask them to delete it.",
                    number=pack.destination_dfe), "success")
    else:
        flash(_("Only a sent pack that is still available can be withdrawn."), "error")
    return redirect(url_for(".overview", school_id=school.id, year=pack.academic_year))
