"""Sign-in limits hold across several workers when they share Redis.

Runs when CONVO_TEST_REDIS_URL names a Redis server (CI sets it); Redis is what production uses
for this, so the test uses a real one rather than a stand-in.
"""
import os
import uuid

import pytest

from convo import create_app
from convo.extensions import db
from convo.models import Role

from .fixtures.app import RequestClient, settings_for_tests

REDIS_URL = os.environ.get("CONVO_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set CONVO_TEST_REDIS_URL to test shared limits")


def test_limit_is_shared_between_workers(database_url, create_school, create_staff):
    """Attempts spread over two workers count against one limit."""
    staff = create_staff(create_school(), Role.TEACHER)
    # A fresh key prefix per run, so earlier runs' counts do not leak in.
    config = settings_for_tests(database_url, RATELIMIT_STORAGE_URI=REDIS_URL,
                                RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
                                SIGN_IN_RATE_LIMIT="4 per minute")
    workers = [create_app(config), create_app(config)]
    clients = []
    for worker in workers:
        worker.test_client_class = RequestClient
        clients.append(worker.test_client())
    codes = [clients[i % 2].post("/sign-in", data={"email": staff.email, "password": "wrong"}).status_code
             for i in range(6)]
    for worker in workers:
        # Each worker has its own connection pool; close it, as a stopped worker would.
        with worker.app_context():
            db.engine.dispose()
    assert codes == [200, 200, 200, 200, 429, 429]
