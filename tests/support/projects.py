"""Building fixture projects in temporary folders, through the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
MODULETOOL = Path(sys.executable).parent / "moduletool"


def copy_fixture(name: str, destination: Path) -> Path:
    """A fresh copy of tests/fixtures/<name> at `destination`."""
    shutil.copytree(FIXTURES / name, destination)
    return destination


def run_moduletool(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    return subprocess.run([str(MODULETOOL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


def read_zip(path: Path) -> dict[str, bytes]:
    """Every entry of a zip, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
