"""Valid packages come out clean: the shared examples of every format, and our own SCORM 1.2 build.

With the official schemas (validation on) and without them (structural checks only), so a
false positive in either layer fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from check_packages import SCORM12, examples, package, swap
from support.projects import copy_fixture, run_moduletool
from support.standards import STANDARDS, standards_schema_set

from moduletool.package_check import Standard, check_zip

EXAMPLE_STANDARDS = {"scorm12": Standard.SCORM12, "scorm2004": Standard.SCORM2004,
                     "scorm2004-lom": Standard.SCORM2004, "cmi5": Standard.CMI5, "tincan": Standard.TINCAN}
MINI_ZIP = Path("dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip")


@pytest.fixture(scope="module")
def example_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("examples")
    paths = {}
    for name, data in examples().items():
        paths[name] = folder / f"{name}.zip"
        paths[name].write_bytes(data)
    return paths


def test_every_format_has_an_example(example_zips: dict[str, Path]) -> None:
    assert set(example_zips) == set(EXAMPLE_STANDARDS)
    assert set(EXAMPLE_STANDARDS.values()) == set(Standard)


@pytest.mark.parametrize("name", sorted(EXAMPLE_STANDARDS))
@pytest.mark.parametrize("with_schemas", [False, True], ids=["structural", "schemas"])
def test_example_packages_are_clean(example_zips: dict[str, Path], name: str, with_schemas: bool) -> None:
    schemas = standards_schema_set() if with_schemas else None
    report = check_zip(example_zips[name], f"{name}.zip", schemas)
    assert [d.headline() for d in report.diagnostics] == []
    assert report.standards == [EXAMPLE_STANDARDS[name]]
    assert report.schema_validated is with_schemas
    assert report.summary() == f"✓ {name}.zip: {EXAMPLE_STANDARDS[name].label}, no problems"


def test_schema_validation_finds_what_the_rules_cannot(tmp_path: Path) -> None:
    """An element the XSD refuses is invisible to the structural checks and reported with schemas on."""
    path = tmp_path / "titel.zip"
    path.write_bytes(package(swap(SCORM12, ("<title>Lesson</title>", "<titel>Lesson</titel>"))))
    assert check_zip(path, "titel.zip").diagnostics == []
    report = check_zip(path, "titel.zip", standards_schema_set())
    assert [(d.code, d.location.path, d.location.line) for d in report.diagnostics] == [
        ("schema", "titel.zip!imsmanifest.xml", 13)]
    assert "titel': This element is not expected" in report.diagnostics[0].message
    assert not report.ok


@pytest.fixture(scope="module")
def mini_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("mini", tmp_path_factory.mktemp("mini") / "mini")
    result = run_moduletool("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def test_our_scorm12_build_is_clean_in_process(mini_package: Path) -> None:
    report = check_zip(mini_package / MINI_ZIP, MINI_ZIP.as_posix(), standards_schema_set())
    assert [d.headline() for d in report.diagnostics] == []
    assert report.standards == [Standard.SCORM12] and report.schema_validated


def test_our_scorm12_build_is_clean_through_the_command_line(mini_package: Path) -> None:
    result = run_moduletool("check", "--schemas", str(STANDARDS), "dist", cwd=mini_package)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"✓ {MINI_ZIP.as_posix()}: SCORM 1.2, no problems\n"
    assert result.stderr == ""
