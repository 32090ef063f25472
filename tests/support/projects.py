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


SAMPLE_PROJECT = ("moduletool.yaml", "modules", "translations")
"""What makes the repository's own sample project: its settings, modules and translations."""


def copy_sample_project(destination: Path) -> Path:
    """A fresh copy of the repository's sample project at `destination` (no dist/, no cache)."""
    destination.mkdir(parents=True)
    for name in SAMPLE_PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy(source, destination / name)
    return destination


def run_moduletool(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    return subprocess.run([str(MODULETOOL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)


def read_zip(path: Path) -> dict[str, bytes]:
    """Every entry of a zip, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
