"""Helpers for the translation tests: running `moduletool i18n` at a fixed date, reading catalogs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from support.projects import copy_fixture, run_moduletool

from moduletool.i18n.catalog import Catalog, Entry
from moduletool.i18n.catalog_io import read_catalog

EPOCH = "1700000000"  # 2023-11-14 22:13 UTC
EPOCH_DATE = "2023-11-14 22:13+0000"
POT = Path("translations/templates/mini-course.pot")
MODULE = Path("modules/mini-course/module.yaml")


def i18n(project: Path, *args: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    """`moduletool i18n ...` in `project`, as of `epoch` (SOURCE_DATE_EPOCH)."""
    return run_moduletool("i18n", *args, cwd=project, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})


def ok(project: Path, *args: str, epoch: str = EPOCH) -> dict:
    """Run with `--format json`, assert success, return the report."""
    result = i18n(project, *args, "--format", "json", epoch=epoch)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def fails(project: Path, *args: str) -> str:
    """Run, assert a clean user error (exit 1, no traceback), return stderr."""
    result = i18n(project, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def mini(tmp_path: Path) -> Path:
    """A fresh copy of the mini fixture project."""
    return copy_fixture("mini", tmp_path / "mini")


def catalog(path: Path) -> Catalog:
    return read_catalog(path, str(path))


def by_context(path: Path) -> dict[str | None, Entry]:
    return {entry.msgctxt: entry for entry in catalog(path).entries}


def edit_module(project: Path, old: str, new: str) -> None:
    """Replace one piece of text in the mini module (it must be there exactly once)."""
    path = project / MODULE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")
