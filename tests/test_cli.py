"""The command line as a user meets it: help, exit codes, JSON reports, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from support.projects import copy_fixture, run_moduletool


def test_version_and_help() -> None:
    here = Path.cwd()
    assert run_moduletool("--version", cwd=here).stdout.startswith("moduletool ")
    help_text = run_moduletool("build", "--help", cwd=here).stdout
    assert "--format" in help_text and "dist/<id>/<lang>" in help_text


def test_validate_json_for_a_valid_project(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    result = run_moduletool("validate", "--format", "json", cwd=project)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report == {"ok": True, "modules": [
        {"id": "mini-course", "file": "modules/mini-course/module.yaml", "ok": True, "diagnostics": []}]}


def test_outside_a_project_is_a_located_user_error(tmp_path: Path) -> None:
    result = run_moduletool("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "no moduletool.yaml found here or in any parent folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_module_suggests_a_name(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    result = run_moduletool("build", "mini-cours", cwd=project)
    assert result.returncode == 1
    assert "mini-cours: no such module" in result.stderr
    assert "did you mean `mini-course`?" in result.stderr


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    result = run_moduletool("build", "--format", "scorm13", cwd=project)
    assert result.returncode == 1
    assert "unknown package format `scorm13`" in result.stderr and "scorm12" in result.stderr


def test_build_report_json(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    result = run_moduletool("build", "--report", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    [package] = report["packages"]
    assert package["path"] == "dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip"
    assert (project / package["path"]).stat().st_size == package["bytes"]


def test_a_broken_module_is_not_built_but_the_others_are(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    broken = project / "modules" / "broken"
    broken.mkdir()
    (broken / "module.yaml").write_text("id: broken\ntitle: [oops\n", encoding="utf-8")
    result = run_moduletool("build", cwd=project)
    assert result.returncode == 1
    assert "modules/broken/module.yaml:" in result.stderr and "not built: broken" in result.stderr
    assert (project / "dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip").is_file()
    assert not (project / "dist" / "broken").exists()


def test_project_config_errors_are_located(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    (project / "moduletool.yaml").write_text("source_language: en\nformat: [scorm12]\n", encoding="utf-8")
    result = run_moduletool("validate", cwd=project)
    assert result.returncode == 1
    assert "moduletool.yaml:2:1: format: unknown key `format`" in result.stderr
    assert "did you mean `formats`?" in result.stderr


def test_state_budget_is_enforced(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    module = project / "modules" / "mini-course" / "module.yaml"
    questions = "".join(
        f"      - {{id: long-{n}, type: question, kind: fill-in, prompt: Say it, answers: [x], max_length: 250}}\n"
        for n in range(6))
    module.write_text(module.read_text(encoding="utf-8") + questions, encoding="utf-8")
    result = run_moduletool("build", cwd=project)
    assert result.returncode == 1
    assert "can reach" in result.stderr and "more than SCORM 1.2 stores (4096)" in result.stderr
    assert not (project / "dist").exists()
