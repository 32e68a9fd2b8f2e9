"""Security headers on every response: a strict Content Security Policy, no framing, no referrer to others.

Flask-Talisman sets the headers. The policy allows scripts, styles, pictures, fonts and requests from
Convo's own address only, and nothing inline: no `<script>` blocks, no `style="…"` attributes, no
`javascript:` links. Pages must keep to that (the browser suite fails on any policy violation).

HTTPS is forced (plain http redirected, HSTS sent) when FORCE_HTTPS is on; it follows
SESSION_COOKIE_SECURE unless set, so `make run` on http://127.0.0.1 and the tests are served as they are.
"""
from __future__ import annotations

from flask import Flask
from flask_talisman import DENY, Talisman

#: Only Convo's own files, nothing inline, no plugins, never inside another site's frame.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
#: The tablet reads words aloud through the browser's own voice; nothing else is needed.
PERMISSIONS_POLICY = {"camera": "()", "microphone": "()", "geolocation": "()", "payment": "()",
                      "usb": "()", "browsing-topics": "()"}
#: The full address goes to Convo's own pages only, never to another site. Not "no-referrer": over
#: HTTPS Flask-WTF checks that a form came from Convo itself by its Referer header.
REFERRER_POLICY = "same-origin"
#: Load balancers probe the health check over plain http inside the school's or host's network.
PLAIN_HTTP_ENDPOINTS = ("health.healthz",)

talisman = Talisman()


def force_https(app: Flask) -> bool:
    """Whether plain http is redirected to https: FORCE_HTTPS, or the session cookie's Secure flag."""
    setting = app.config.get("FORCE_HTTPS")
    return bool(app.config["SESSION_COOKIE_SECURE"] if setting is None else setting)


def init_app(app: Flask) -> None:
    """Send the security headers on every response; force HTTPS when the settings ask for it."""
    talisman.init_app(
        app,
        force_https=force_https(app),
        strict_transport_security=True,
        strict_transport_security_max_age=app.config["HSTS_MAX_AGE"],
        strict_transport_security_include_subdomains=False,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options=DENY,
        referrer_policy=REFERRER_POLICY,
        permissions_policy=PERMISSIONS_POLICY,
        # The cookie settings stay Convo's own (convo/config.py); Talisman must not overwrite them.
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        x_content_type_options=True,
    )
    for endpoint in PLAIN_HTTP_ENDPOINTS:
        view = app.view_functions.get(endpoint)
        if view is not None:
            view.talisman_view_options = {"force_https": False}
