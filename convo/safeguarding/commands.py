"""The `convo send-alerts` and `convo send-weekly-summary` commands."""
from __future__ import annotations

import logging
import time

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .alerts import escalate_overdue, queue_weekly_summaries
from .mail import SendReport, send_pending

log = logging.getLogger(__name__)


def run_pass() -> SendReport:
    """One pass of the sender: escalate overdue concerns, then send whatever is due."""
    escalated = escalate_overdue()
    report = send_pending()
    report.escalated = escalated
    return report


@click.command("send-alerts")
@click.option("--once", is_flag=True, help="Make one pass and stop, instead of running as a loop.")
@click.option("--interval", type=click.FloatRange(min=1), default=15, show_default=True,
              metavar="SECONDS", help="Seconds to wait between passes.")
@with_appcontext
def send_alerts_command(once: bool, interval: float) -> None:
    """Send safeguarding e-mails from the outbox, with retry, and escalate unacknowledged concerns."""
    while True:
        try:
            report = run_pass()
        except SQLAlchemyError as error:
            # The database may be restarting: keep the loop alive and try again next pass.
            db.session.rollback()
            log.error("Safeguarding sender pass failed: %s", error)
            if once:
                raise click.ClickException(f"The database did not answer: {error}") from None
        else:
            if once or report.sent or report.failed or report.escalated:
                click.echo(f"Sent {report.sent}, failed {report.failed} (will retry), "
                           f"escalated {report.escalated}.")
        finally:
            db.session.remove()
        if once:
            return
        time.sleep(interval)


@click.command("send-weekly-summary")
@click.option("--force", is_flag=True, help="Queue it even if one went out in the last 6 days.")
@with_appcontext
def weekly_summary_command(force: bool) -> None:
    """Queue each school's weekly safeguarding summary for its DSL and deputies (send-alerts sends it)."""
    count = queue_weekly_summaries(force=force)
    click.echo(f"Queued the weekly summary for {count} school(s).")
