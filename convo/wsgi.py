"""The WSGI application for production servers: `gunicorn convo.wsgi:app`.

Each worker builds the app as it starts, then loads the conversation content and the understanding
layer in a background thread, so the worker answers its first page at once and no pupil's first
answer waits for the loading.
"""
from __future__ import annotations

import threading

from . import create_app
from .conversations.content import warm_up

app = create_app()
threading.Thread(target=warm_up, name="convo-warm-up", daemon=True).start()
