"""Password hashing as Convo ships it: argon2id at the library's recommended cost, upgraded at sign-in."""
from argon2.profiles import RFC_9106_LOW_MEMORY

from convo.auth import passwords
from convo.auth.operations import authenticate
from convo.models import Staff

from .fixtures.app import QUICK_HASHER


def test_shipped_settings_are_argon2id_at_the_recommended_cost(real_password_hashing):
    """New hashes are argon2id with RFC 9106's low-memory settings (64 MiB, 3 passes)."""
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert not real_password_hashing.check_needs_rehash(stored)
    params = stored.split("$")[3]
    assert params == (f"m={RFC_9106_LOW_MEMORY.memory_cost},t={RFC_9106_LOW_MEMORY.time_cost},"
                      f"p={RFC_9106_LOW_MEMORY.parallelism}")
    assert passwords.check_password(stored, "correct horse battery staple")
    assert not passwords.check_password(stored, "wrong")
    assert not passwords.check_password(None, "anything")


def test_unknown_address_does_the_same_work(real_password_hashing):
    """The hash checked for an unknown e-mail costs what a real one costs."""
    dummy_params = passwords._DUMMY_HASH.split("$")[3]
    assert dummy_params == passwords.hash_password("x").split("$")[3]


def test_a_weaker_hash_is_upgraded_at_sign_in(app, db, create_staff, real_password_hashing):
    """A hash made with lower settings than today's is replaced when its owner next signs in."""
    staff = create_staff(two_step=False)
    weak = QUICK_HASHER.hash("a long test password")
    staff.password_hash = weak
    db.session.commit()
    assert authenticate(staff.email, "a long test password") is not None
    upgraded = db.session.get(Staff, staff.id).password_hash
    assert upgraded != weak and not real_password_hashing.check_needs_rehash(upgraded)
