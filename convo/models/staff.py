"""Staff accounts and their one-time password links."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow

if TYPE_CHECKING:
    from .schools import Membership, Role


def new_session_token() -> str:
    """Return a fresh random token; changing it signs the person out everywhere."""
    return secrets.token_urlsafe(16)


class Staff(UserMixin, db.Model):
    """A member of staff, or a deployment administrator, who signs in with e-mail and password."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # argon2id hash; empty until the person sets a password through their one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Runs the deployment (creates schools); sees no pupil data by this flag alone.
    is_admin: Mapped[bool] = mapped_column(default=False)
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[datetime | None]
    # Two-step sign-in: the authenticator app's shared secret (base32). It is a password-equivalent,
    # stored as is, like the database's other secrets: protect the database and its backups.
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    # When the person confirmed their first code; until then the secret above is only being set up.
    mfa_enrolled_at: Mapped[datetime | None]
    # The last 30-second time step whose code was accepted, so the same code never works twice.
    mfa_last_step: Mapped[int | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """Identify the session by id and token, so a password change ends old sessions."""
        return f"{self.id}:{self.session_token}"

    def roles_in(self, school_id: int) -> set[Role]:
        """Return the roles this person holds in one school."""
        return {m.role for m in self.memberships if m.school_id == school_id}

    def __repr__(self) -> str:
        """Show the account by id only."""
        return f"<Staff {self.id}>"


class PasswordLink(db.Model):
    """A one-time link for setting a password; only its hash is stored."""

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[Staff] = relationship()


class RecoveryCode(db.Model):
    """A one-use code for two-step sign-in without the phone; only its SHA-256 hash is stored.

    The codes are random (80 bits), so a fast hash is enough: nobody can try every possible code.
    """

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
