"""The `convo` command: Flask's CLI group with Convo's own administration commands."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, url_for
from flask.cli import FlaskGroup
from sqlalchemy import select

from .extensions import db
from .models import Role, School


def _create_app() -> Flask:
    """Build the app for the command line, with a plain message if it is not configured."""
    from . import create_app
    try:
        return create_app()
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Convo: careers conversations for primary pupils."""


def school_by_urn(urn: str) -> School:
    """The school with this URN, or a clear error."""
    school = db.session.scalar(select(School).where(School.urn == urn))
    if school is None:
        raise click.ClickException(f"No school with URN {urn}. `convo create-school` adds one.")
    return school


@click.command("create-school")
@click.option("--name", required=True, help="The school's name.")
@click.option("--urn", required=True, help="Unique Reference Number.")
@click.option("--la-code", required=True, help="Local authority code, 3 digits.")
@click.option("--establishment-number", required=True, help="DfE establishment number, 4 digits.")
@click.option("--phase", type=click.Choice(["primary", "secondary"]), default="primary")
def create_school_command(name, urn, la_code, establishment_number, phase):
    """Add a school to this deployment."""
    from .admin.operations import DfENumberTaken, SchoolExists, create_school
    from .models.schools import Phase
    try:
        school = create_school(name=name, urn=urn, la_code=la_code,
                               establishment_number=establishment_number, phase=Phase(phase))
    except SchoolExists:
        raise click.ClickException(f"A school with URN {urn} is already here.") from None
    except DfENumberTaken as taken:
        raise click.ClickException(f"Another school in this deployment already has DfE number "
                                   f"{taken.dfe_number}.") from None
    click.echo(f"Added {school.name} (URN {school.urn}).")


@click.command("add-staff")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--school", "urn", help="URN of the school the roles are in.")
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]),
              help="A role in that school; repeat for several.")
@click.option("--admin", is_flag=True, help="Make the person a deployment administrator.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where staff reach Convo, for the one-time link.")
def add_staff_command(email, name, urn, roles, admin, base_url):
    """Add a member of staff and print their one-time link for setting a password."""
    from .auth.operations import create_password_link, find_by_email
    from .models import Staff
    from .school.staff_ops import add_staff
    if not admin and not (urn and roles):
        raise click.UsageError("Give --school and at least one --role, or --admin.")
    token = None
    if urn and roles:
        _staff, token = add_staff(school_by_urn(urn), email, name, [Role(r) for r in roles])
    if admin:
        staff = find_by_email(email) or Staff(email=email.strip().lower(), name=name)
        staff.is_admin = True
        db.session.add(staff)
        if staff.password_hash is None and token is None:
            token = create_password_link(staff)
        db.session.commit()
    if token:
        with _url_context(base_url):
            path = url_for("auth.set_password", token=token)
        click.echo(f"One-time link for {email}: {base_url.rstrip('/')}{path}")
    else:
        click.echo(f"{email} already has a password; their roles are updated.")


def _url_context(base_url: str):
    """A request context, so url_for can build links for the command line."""
    from flask import current_app
    return current_app.test_request_context(base_url=base_url)


@click.command("import-roster")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--school", "urn", required=True, help="URN of the school.")
@click.option("--academic-year", type=int, help="Start year of the academic year, e.g. 2026 for 2026/27.")
@click.option("--dry-run", is_flag=True, help="Check and report, change nothing.")
@click.option("--mark-left", is_flag=True,
              help="Mark the school's pupils who are not in the file as having left today.")
@click.option("--mark-left-many", is_flag=True,
              help="With --mark-left: go ahead even though the file leaves out more than a quarter "
                   "of the school's pupils (it lists every pupil in the school).")
def import_roster_command(file: Path, urn: str, academic_year: int | None, dry_run: bool, mark_left: bool,
                          mark_left_many: bool):
    """Import the pupil roster CSV exported from the school's MIS (all or nothing)."""
    from .roster.apply import TooManyLeft, import_roster
    from .roster.parse import parse_roster
    from .schoolyear import current_academic_year
    school = school_by_urn(urn)
    checked = parse_roster(file.read_bytes())
    if not checked.ok:
        for problem in checked.problems:
            click.echo(str(problem.message), err=True)
        click.echo(f"{len(checked.problems)} problem(s): nothing was imported.", err=True)
        sys.exit(1)
    try:
        summary = import_roster(school, checked.rows, academic_year or current_academic_year(),
                                dry_run=dry_run, source="command line", mark_left=mark_left,
                                many_left_confirmed=mark_left_many)
    except TooManyLeft as refused:
        raise click.ClickException(
            f"Nothing was imported: the file leaves out {refused.summary.not_in_file} of the school's "
            f"{refused.summary.current_pupils} pupils, so --mark-left would mark them all as having left. "
            "If the file is part of the school, run it again without --mark-left; if it really lists "
            "every pupil in the school, add --mark-left-many.") from None
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {len(checked.rows)} rows: {summary.created} new, {summary.updated} updated, "
               f"{summary.moved} moved class or year, {summary.unchanged} unchanged; "
               f"{summary.not_in_file} pupils already in Convo are not in the file.")
    if mark_left:
        verb = "would be" if dry_run else "are"
        click.echo(f"{summary.marked_left} pupils not in the file {verb} marked as having left today.")
        if dry_run and summary.many_missing and not mark_left_many:
            click.echo(f"That is {summary.not_in_file} of the school's {summary.current_pupils} pupils: "
                       "without --mark-left-many the real import refuses to mark them.")
    elif summary.not_in_file:
        click.echo("They are left as they are; --mark-left marks them as having left the school.")
    if summary.returned:
        click.echo(f"{summary.returned} pupils who had left are back in the file and no longer marked as left.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load the demo when there are no schools yet.")
def demo_command(if_empty: bool):
    """Load the demo schools, staff and pupils, and print the demo sign-ins."""
    from .demo import SIGN_INS, load_demo
    if if_empty and db.session.scalar(select(School.id).limit(1)) is not None:
        click.echo("The database already has schools; the demo was not loaded again.")
    else:
        load_demo()
        click.echo("Loaded Demo Primary School (URN 999901), Second Demo Primary (URN 999902), and the "
                   "secondary schools Demo Academy (URN 999911) and Riverside High School (URN 999912).")
    click.echo("\nDemo sign-ins (password for all: demo-password). Careers leaders, the DSL, the transition\n"
               "leader and the administrator set up two-step sign-in (an authenticator app) at first sign-in:")
    for email, what in SIGN_INS:
        click.echo(f"  {email:38} {what}")


def _feature_commands() -> tuple[click.Command, ...]:
    """Commands that live with their features."""
    from .cards.cli import parent_cards_command
    from .privacy import erase_pupil_command, purge_command, subject_access_command
    from .safeguarding import send_alerts_command, weekly_summary_command
    from .transition import export_transition_command
    return (parent_cards_command, send_alerts_command, weekly_summary_command, export_transition_command,
            purge_command, erase_pupil_command, subject_access_command)


@click.command("reset-two-step")
@click.argument("email")
def reset_two_step_command(email):
    """Forget a person's authenticator app and recovery codes; they set up again at next sign-in."""
    from .auth import mfa
    from .auth.operations import find_by_email
    staff = find_by_email(email)
    if staff is None:
        raise click.ClickException(f"No account has the e-mail {email}.")
    mfa.reset(staff, by="command line")
    click.echo(f"Two-step sign-in is reset for {staff.email}; they set it up again at next sign-in.")


COMMANDS = (create_school_command, add_staff_command, import_roster_command, demo_command,
            reset_two_step_command)


def _add_content_commands() -> None:
    """Commands that need no app or database, so they run before any set-up."""
    from .engine.cli import check_prompts_command, export_lines_command
    from .understanding.cli import analyse_command
    for command in (check_prompts_command, export_lines_command, analyse_command):
        main.add_command(command)


_add_content_commands()


def init_app(app: Flask) -> None:
    """Add Convo's commands to the app's CLI group."""
    for command in (*COMMANDS, *_feature_commands()):
        app.cli.add_command(command)
