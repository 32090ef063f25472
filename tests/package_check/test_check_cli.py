"""`moduletool check` as a user meets it: arguments, the schemas lookup, text and JSON reports, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from check_packages import SCORM12, examples, package, swap
from support.projects import run_moduletool
from support.standards import STANDARDS, standards_dir

from moduletool.package_check import SKIPPED_NOTE

ENV = {**{k: v for k, v in os.environ.items() if k != "MODULETOOL_SCHEMAS"}, "NO_COLOR": "1", "COLUMNS": "300"}
DIAGNOSTIC_KEYS = {"file", "line", "column", "field", "severity", "code", "message", "hint", "package", "entry"}


def check(*args: str, cwd: Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = run_moduletool("check", *args, cwd=cwd, env=env or ENV)
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def packages(tmp_path: Path) -> Path:
    """good.zip (valid), warned.zip (one warning), broken.zip (one error) in tmp_path/zips."""
    folder = tmp_path / "zips"
    folder.mkdir()
    (folder / "good.zip").write_bytes(examples()["scorm12"])
    (folder / "warned.zip").write_bytes(package(SCORM12, extra={"media/unused.png": b"png"}))
    (folder / "broken.zip").write_bytes(package(swap(SCORM12, ('identifierref="RES-1"', 'identifierref="RES-2"'))))
    return folder


def test_text_report_exit_codes_and_summaries(packages: Path) -> None:
    result = check("zips/good.zip", "zips/warned.zip", cwd=packages.parent)
    assert result.returncode == 0, "warnings alone keep exit code 0"
    assert result.stdout.splitlines() == ["✓ zips/good.zip: SCORM 1.2, no problems",
                                          "✓ zips/warned.zip: SCORM 1.2, 1 warning"]
    assert "zips/warned.zip!imsmanifest.xml: warning: 1 file is in the zip but listed in no resource" in result.stderr
    assert result.stderr.count(SKIPPED_NOTE) == 1

    result = check("zips", cwd=packages.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "✗ zips/broken.zip: SCORM 1.2, 1 error"
    assert ("zips/broken.zip!imsmanifest.xml:12: item `ITEM-1` points at resource `RES-2`, which does not exist"
            in result.stderr)
    assert "  hint: did you mean `RES-1`?" in result.stderr
    assert result.stderr.rstrip().endswith("1 of 3 packages have errors")


def test_json_report_shape(packages: Path) -> None:
    result = check("--format", "json", "zips", cwd=packages.parent)
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert set(report) == {"ok", "schemas", "notes", "packages"}
    assert report["ok"] is False and report["schemas"] is None and report["notes"] == [SKIPPED_NOTE]
    by_name = {p["package"]: p for p in report["packages"]}
    assert list(by_name) == ["zips/broken.zip", "zips/good.zip", "zips/warned.zip"]
    for entry in report["packages"]:
        assert set(entry) == {"package", "standards", "description", "ok", "errors", "warnings",
                              "schema_validated", "notes", "diagnostics"}
        assert entry["standards"] == ["scorm12"] and entry["schema_validated"] is False
        for diagnostic in entry["diagnostics"]:
            assert set(diagnostic) == DIAGNOSTIC_KEYS
    [broken] = by_name["zips/broken.zip"]["diagnostics"]
    assert broken == {"file": "zips/broken.zip!imsmanifest.xml", "line": 12, "column": 0, "field": "",
                      "severity": "error", "code": "dangling-identifierref",
                      "message": "item `ITEM-1` points at resource `RES-2`, which does not exist",
                      "hint": "did you mean `RES-1`?", "package": "zips/broken.zip", "entry": "imsmanifest.xml"}
    assert (by_name["zips/warned.zip"]["ok"], by_name["zips/warned.zip"]["warnings"]) == (True, 1)


def test_schemas_option_turns_validation_on(packages: Path) -> None:
    result = check("--schemas", str(STANDARDS), "--format", "json", "zips/good.zip", cwd=packages.parent)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["schemas"] == STANDARDS.as_posix() and report["notes"] == []
    assert report["packages"][0]["schema_validated"] is True


def test_schemas_lookup_order(packages: Path, tmp_path: Path) -> None:
    """--schemas, then MODULETOOL_SCHEMAS, then `schemas:` of the enclosing project; none outside a project."""
    standards_dir()
    project = tmp_path / "project"
    (project / "zips").mkdir(parents=True)
    (project / "zips" / "good.zip").write_bytes((packages / "good.zip").read_bytes())
    (project / "moduletool.yaml").write_text(f"source_language: en\nschemas: {os.path.relpath(STANDARDS, project)}\n")

    def used(*args: str, env: dict[str, str] | None = None, cwd: Path = project) -> object:
        result = check("--format", "json", *args, "zips/good.zip", cwd=cwd, env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["schemas"]

    assert used() == (project / os.path.relpath(STANDARDS, project)).as_posix()
    assert used(env={**ENV, "MODULETOOL_SCHEMAS": str(STANDARDS)}) == STANDARDS.as_posix()
    broken_env = {**ENV, "MODULETOOL_SCHEMAS": str(tmp_path / "nowhere")}
    assert used("--schemas", str(STANDARDS), env=broken_env) == STANDARDS.as_posix()
    assert used(cwd=packages.parent) is None


def test_an_unusable_schemas_folder_is_a_located_error(packages: Path, tmp_path: Path) -> None:
    result = check("--schemas", str(tmp_path / "nowhere"), "zips/good.zip", cwd=packages.parent)
    assert result.returncode == 1
    assert f"{(tmp_path / 'nowhere').as_posix()}: schemas folder not found (from --schemas)" in result.stderr
    result = check("--schemas", str(packages), "zips/good.zip", cwd=packages.parent)
    assert result.returncode == 1
    assert "not a schemas folder (from --schemas): it has none of scorm12/, scorm2004_4ed/, cmi5/, tincan/" \
        in result.stderr
    result = check("zips/good.zip", cwd=packages.parent, env={**ENV, "MODULETOOL_SCHEMAS": str(tmp_path / "x")})
    assert result.returncode == 1 and "(from MODULETOOL_SCHEMAS)" in result.stderr


def test_arguments_files_folders_and_globs(packages: Path) -> None:
    result = check("zips/*.zip", cwd=packages.parent)
    assert len(result.stdout.splitlines()) == 3
    result = check("zips/good.zip", "zips/../zips/good.zip", cwd=packages.parent)
    assert result.stdout.splitlines() == ["✓ zips/good.zip: SCORM 1.2, no problems"], "the same file is checked once"


def test_arguments_that_name_nothing(packages: Path) -> None:
    empty = packages.parent / "empty"
    empty.mkdir()
    result = check("zips/missing.zip", "empty", "zips/*.tar", cwd=packages.parent)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == ["zips/missing.zip: no such file or folder",
                                          "empty: no .zip files in this folder",
                                          "zips/*.tar: no file matches this pattern"]


def test_a_file_that_is_not_a_zip_is_reported_not_raised(packages: Path) -> None:
    (packages / "notes.zip").write_text("just text")
    result = check("zips/notes.zip", cwd=packages.parent)
    assert result.returncode == 1
    assert "zips/notes.zip: the file is not a zip archive" in result.stderr
    assert result.stdout == "✗ zips/notes.zip: unknown format, 1 error\n"


def test_help_names_the_options() -> None:
    result = check("--help", cwd=Path.cwd())
    assert result.returncode == 0
    for word in ("--schemas", "--format", "MODULETOOL_SCHEMAS", "PACKAGE"):
        assert word in result.stdout
