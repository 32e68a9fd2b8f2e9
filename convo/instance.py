"""Prepare a local instance folder with its own secret key, for the demo and first runs."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

CONFIG_TEMPLATE = '''"""Settings for this Convo instance, written once by `python -m convo.instance`."""
# A random key made on this machine; keep it secret and keep it stable.
SECRET_KEY = {secret!r}
# The demo is served over plain http on this machine, where a Secure cookie would not be kept.
# Remove these lines when Convo is served over https.
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_SECURE = False
FORCE_HTTPS = False
'''


def ensure_instance(folder: Path) -> bool:
    """Create `folder`/config.py with a fresh secret key unless it exists; True if created."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.py"
    if config.exists():
        return False
    config.write_text(CONFIG_TEMPLATE.format(secret=secrets.token_hex(32)), encoding="utf-8")
    config.chmod(0o600)
    return True


def main() -> None:
    """Write instance/config.py for `make run`, if it is not there yet."""
    folder = Path(os.environ.get("CONVO_INSTANCE_PATH") or Path.cwd() / "instance")
    if ensure_instance(folder):
        print(f"Wrote a new secret key to {folder / 'config.py'}", file=sys.stderr)


if __name__ == "__main__":
    main()
