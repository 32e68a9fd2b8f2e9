"""The application factory: configuration layers, the secret-key guard and the health check."""
import pytest
from sqlalchemy.exc import OperationalError

from convo import create_app, normalise_database_url


def test_testing_flag(app):
    """The test mapping reaches the app."""
    assert app.testing


def test_refuses_default_secret_outside_testing(monkeypatch, tmp_path):
    """A real deployment will not start with no secret key."""
    monkeypatch.delenv("CONVO_SECRET_KEY", raising=False)
    monkeypatch.setenv("CONVO_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize("secret", ["dev", "", "change-me"])
def test_refuses_well_known_secret(monkeypatch, tmp_path, secret):
    """Nor with a secret key everyone knows."""
    monkeypatch.setenv("CONVO_SECRET_KEY", secret)
    monkeypatch.setenv("CONVO_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError):
        create_app()


def test_config_layers(monkeypatch, tmp_path):
    """Instance config is read first, then CONVO_* variables override it."""
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-instance-file'\nLANGUAGES = ('en_GB',)\n")
    monkeypatch.setenv("CONVO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CONVO_SIGN_IN_RATE_LIMIT", "3 per minute")
    monkeypatch.delenv("CONVO_SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance-file"
    assert app.config["LANGUAGES"] == ("en_GB",)
    assert app.config["SIGN_IN_RATE_LIMIT"] == "3 per minute"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/convo.sqlite"


def test_database_url_from_environment(monkeypatch, tmp_path):
    """DATABASE_URL chooses the database, with the psycopg 3 driver for PostgreSQL."""
    monkeypatch.setenv("CONVO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("CONVO_SECRET_KEY", "a-long-random-value-for-this-test")
    monkeypatch.setenv("DATABASE_URL", "postgres://convo@db.example.org/convo")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://convo@db.example.org/convo"


@pytest.mark.parametrize("url, expected", [
    ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_normalise_database_url(url, expected):
    """Database addresses are read the same way whoever wrote them."""
    assert normalise_database_url(url) == expected


def test_healthz(client):
    """The health check answers when the database does."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}


def test_healthz_when_database_is_down(client, db, monkeypatch):
    """The health check says so, without a traceback, when the database does not answer."""
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] is False


def test_unknown_page_is_friendly(client):
    """A missing page is explained in plain words."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
