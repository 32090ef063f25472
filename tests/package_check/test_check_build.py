"""The build runs the same checks on what it writes: a package that fails them is reported, not written."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_packages import CMI5, SCORM12, swap
from support.projects import copy_fixture

from moduletool.build import build
from moduletool.errors import Severity
from moduletool.package_check import FORMAT_STANDARDS, Standard, check_package_files
from moduletool.packaging import get_format
from moduletool.packaging.scorm12 import Scorm12
from moduletool.project import Project

ZIP = "dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip"
BROKEN = swap(SCORM12, ('identifierref="RES-1"', 'identifierref="RES-2"')).encode()


def test_every_lms_format_has_a_standard() -> None:
    assert FORMAT_STANDARDS == {"scorm12": Standard.SCORM12, "scorm2004": Standard.SCORM2004,
                                "cmi5": Standard.CMI5, "xapi": Standard.TINCAN}


def test_check_package_files_locates_findings_in_the_package_to_be() -> None:
    files = {"imsmanifest.xml": BROKEN, "index.html": b"x", "media/photo.jpg": b"x"}
    [finding] = check_package_files(files, ZIP, Standard.SCORM12)
    assert finding.headline() == (f"{ZIP}!imsmanifest.xml:12: item `ITEM-1` points at resource `RES-2`, "
                                  "which does not exist")


def test_check_package_files_refuses_another_standard_than_asked_for() -> None:
    files = {"cmi5.xml": CMI5.encode(), "au/index.html": b"x"}
    assert check_package_files(files, "x.zip", Standard.CMI5) == []
    [finding] = check_package_files(files, "x.zip", Standard.SCORM12)
    assert (finding.code, finding.message) == ("wrong-standard", "the package was built as SCORM 1.2 but reads as cmi5")


def test_formats_without_a_standard_get_the_file_name_checks_only() -> None:
    files = {"index.html": b"x", "media\\photo.jpg": b"x"}
    assert [(d.code, d.severity) for d in check_package_files(files, "web.zip", None)] == [
        ("zip-backslash-path", Severity.ERROR)]


def test_a_package_failing_its_own_checks_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project_root = copy_fixture("mini", tmp_path / "mini")
    monkeypatch.setattr(Scorm12, "manifest_files", lambda self, context: {"imsmanifest.xml": BROKEN})
    project = Project.find(project_root)
    report = build(project, project.select([]), [get_format("scorm12")], jobs=1)  # the patch lives in this process
    assert report.failed_modules == ["mini-course"]
    assert report.packages == []
    assert not (project_root / ZIP).exists()
    headlines = [d.headline() for d in report.diagnostics if d.code == "dangling-identifierref"]
    assert headlines == [f"{ZIP}!imsmanifest.xml:12: item `ITEM-1` points at resource `RES-2`, which does not exist"]
