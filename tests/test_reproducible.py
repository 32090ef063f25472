"""Reproducible packages: the sample project gives the same bytes in another folder, at another time.

A partner checks a package they received by rebuilding it from the tagged sources and comparing
hashes; nothing about where or when it was built may reach the bytes. SOURCE_DATE_EPOCH, when
set, is the one date inside them.
"""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from pathlib import Path

from support.projects import copy_sample_project, run_moduletool


def copy_sample(destination: Path, mtime: float) -> Path:
    """The repository's sample project (settings, modules, translations), every file dated `mtime`."""
    copy_sample_project(destination)
    for path in destination.rglob("*"):
        os.utime(path, (mtime, mtime))
    return destination


def build(project: Path, **env: str) -> dict[str, str]:
    """Build with the given environment; the sha256 of every zip, by its path under dist/."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = run_moduletool("build", "--force", cwd=project, env={**environment, **env})
    assert result.returncode == 0, result.stderr
    digests = {path.relative_to(project / "dist").as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
               for path in sorted((project / "dist").rglob("*.zip"))}
    assert digests, "the sample project built no packages"
    return digests


def test_the_sample_gives_the_same_bytes_in_another_folder_at_another_time(tmp_path: Path) -> None:
    now = time.time()
    first = copy_sample(tmp_path / "a", now - 400 * 86400)
    second = copy_sample(tmp_path / "elsewhere" / "b", now + 3 * 3600)
    digests = build(first, TZ="Pacific/Kiritimati", LC_ALL="C.UTF-8")
    assert build(second, TZ="America/Anchorage", LC_ALL="C") == digests
    assert len(set(digests.values())) == len(digests)
    assert build(first, TZ="UTC") == digests  # built again (--force), later


def test_source_date_epoch_is_the_date_inside_every_zip(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p", time.time())
    default = build(project)
    with zipfile.ZipFile(next((project / "dist").rglob("*.zip"))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    epoch = build(project, SOURCE_DATE_EPOCH="1700000001", TZ="Asia/Tokyo")  # 2023-11-14 22:13:21 UTC
    assert set(epoch) == set(default)
    assert all(epoch[name] != default[name] for name in default)
    for path in (project / "dist").rglob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert build(project, SOURCE_DATE_EPOCH="1700000001", TZ="UTC") == epoch
