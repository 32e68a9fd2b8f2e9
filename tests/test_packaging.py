"""A built wheel carries everything the app needs outside the Python package."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from convo.paths import RESOURCE_FOLDERS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    """Build the wheel once, as `pip install .` would."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return zipfile.ZipFile(next(out.glob("convo-*.whl")))


def test_wheel_carries_resource_folders(wheel):
    """Every tracked file under templates/, static/, prompts/, migrations/ and translations/ ships."""
    names = set(wheel.namelist())
    prefix = next(n.split("/data/")[0] for n in names if "/data/share/convo/" in n) + "/data/share/convo/"
    tracked = subprocess.run(["git", "ls-files", *RESOURCE_FOLDERS], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    missing = [path for path in tracked if prefix + path not in names]
    assert tracked and missing == []


def test_wheel_carries_package_data(wheel):
    """Data files inside the package ship too."""
    names = set(wheel.namelist())
    tracked = subprocess.run(["git", "ls-files", "convo"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert [p for p in tracked if p not in names] == []


def test_wheel_carries_compiled_catalogues(wheel):
    """Each language's compiled catalogue (.mo, built at install, not kept in git) ships beside its .po."""
    names = set(wheel.namelist())
    prefix = next(n.split("/data/")[0] for n in names if "/data/share/convo/" in n) + "/data/share/convo/"
    catalogues = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "translations").glob("*/LC_MESSAGES/*.po"))
    assert catalogues
    assert [c for c in catalogues if prefix + c[:-3] + ".mo" not in names] == []
