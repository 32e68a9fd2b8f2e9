"""Default settings. Each can be overridden by instance/config.py or a CONVO_* variable."""
from datetime import timedelta


class Defaults:
    """The settings every deployment starts from."""

    # Must be set to a long random value outside development; create_app refuses to start otherwise.
    SECRET_KEY = None
    # Earlier keys, oldest first, still accepted on cookies and forms while a new key takes over
    # (docs/key-rotation.md); the current SECRET_KEY signs everything new.
    SECRET_KEY_FALLBACKS: list[str] = []

    # SQLite inside the instance folder unless DATABASE_URL points elsewhere (filled in by create_app).
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Cookies carry a signed session only; never readable by scripts, never sent cross-site.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "convo_session"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Redirect plain http to https and send HSTS. Unset (None), it follows SESSION_COOKIE_SECURE: on
    # wherever cookies are Secure, off for the demo on http://127.0.0.1 (see docs/security.md).
    FORCE_HTTPS = None
    # How long browsers remember to use https only (HSTS), in seconds: one year.
    HSTS_MAX_AGE = 365 * 24 * 3600
    # A staff session ends after a school day of inactivity at most.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)

    # CSRF tokens last as long as a session, so a long lesson does not expire a form.
    WTF_CSRF_TIME_LIMIT = None

    # Memory storage is right for one process; set redis://… when running several workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # How many staff sign-in attempts one address may make.
    SIGN_IN_RATE_LIMIT = "10 per minute; 60 per hour"
    # How many class codes one tablet may try, so codes cannot be guessed.
    CLASS_CODE_RATE_LIMIT = "20 per minute; 200 per hour"

    BABEL_DEFAULT_LOCALE = "en_GB"
    BABEL_DEFAULT_TIMEZONE = "Europe/London"
    LANGUAGES = ("en_GB", "cy")

    # Roles whose holders must use two-step sign-in (a code from an authenticator app), in any school.
    # These see personal data beyond one class: concerns, whole-school records, incoming pupils.
    MFA_REQUIRED_ROLES = ("dsl", "deputy_dsl", "careers_leader", "transition_leader")
    # Deployment administrators add schools and can reset a colleague's two-step sign-in.
    MFA_REQUIRED_FOR_ADMINS = True
    # How long someone who has typed the right password has to give their code (or finish set-up).
    MFA_PENDING_LIFETIME = timedelta(minutes=5)
    # Setting up takes longer the first time (installing an app), so the set-up page allows this long.
    MFA_SET_UP_LIFETIME = timedelta(minutes=15)
    # The name authenticator apps show beside the code.
    MFA_ISSUER = "Convo"

    # How long a one-time "set your password" link stays valid.
    PASSWORD_LINK_LIFETIME = timedelta(days=3)

    # How long a pupil's conversation may run before it ends calmly; a teacher can change it.
    CONVERSATION_MINUTES = 15

    # Where staff reach Convo: links in safeguarding e-mails start with this address.
    BASE_URL = "http://127.0.0.1:5000"
    # The SMTP server that carries safeguarding alerts and weekly summaries to the DSL and deputies.
    MAIL_SERVER = "localhost"
    # 25 for a local relay; 587 with MAIL_USE_TLS for most providers.
    MAIL_PORT = 25
    # Upgrade the connection with STARTTLS before sending.
    MAIL_USE_TLS = False
    # Sign in to the SMTP server only when a user name is set.
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    # The sender address on every Convo e-mail.
    MAIL_FROM = "convo@localhost"
    # Seconds to wait for the SMTP server before counting a try as failed (it is retried).
    MAIL_TIMEOUT = 10

    # Where built transition packs are kept; empty means transition-packs/ in the instance folder.
    TRANSITION_PACK_FOLDER = None

    # Largest upload accepted (a roster CSV of a big primary school is well under this).
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
