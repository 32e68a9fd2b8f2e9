"""What gunicorn serves in the benchmark: Convo, with a bare Flask "hello" beside it at /hello.

Both run in the same worker processes and threads, so the hello figures are the baseline for
exactly the server Convo runs on. The hello route lives only here, never in Convo itself.
"""
from __future__ import annotations

from flask import Flask

from convo.wsgi import app as convo_app

hello_app = Flask("hello")


@hello_app.get("/hello")
def hello() -> str:
    """The smallest Flask answer: the baseline a conversation turn is compared with."""
    return "hello"


def application(environ, start_response):
    """Send /hello to the bare app and everything else to Convo."""
    if environ.get("PATH_INFO") == "/hello":
        return hello_app(environ, start_response)
    return convo_app(environ, start_response)
