"""`moduletool list`: modules, versions, translation completeness and last build, as a table or JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

from support.projects import run_moduletool


def _project(tmp_path: Path) -> Path:
    assert run_moduletool("init", "course", cwd=tmp_path).returncode == 0
    project = tmp_path / "course"
    settings = project / "moduletool.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: []", "languages: [fr, de]"),
                        encoding="utf-8")
    return project


def test_list_reports_languages_and_builds(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert run_moduletool("new", "second", cwd=project).returncode == 0
    assert run_moduletool("i18n", "init", "--lang", "fr", cwd=project).returncode == 0
    po = project / "translations/fr/first-module.po"
    text = po.read_text(encoding="utf-8")
    # Translate the title only: one entry out of many.
    po.write_text(text.replace('msgid "First module"\nmsgstr ""', 'msgid "First module"\nmsgstr "Premier module"'),
                  encoding="utf-8")
    assert run_moduletool("build", "first-module", "-f", "scorm12", "--lang", "en", cwd=project).returncode == 0
    newest = max((project / "dist/first-module").rglob("*.zip"), key=lambda p: p.stat().st_mtime)

    result = run_moduletool("list", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    modules = {m["id"]: m for m in report["modules"]}
    assert set(modules) == {"first-module", "second"}
    first = modules["first-module"]
    assert first["version"] == "1.0.0" and first["title"] == "First module" and first["valid"]
    langs = {lang["lang"]: lang for lang in first["languages"]}
    assert langs["en"]["source"] and langs["en"]["percent"] == 100
    assert 0 < langs["fr"]["percent"] < 100 and not langs["fr"]["missing"]
    assert langs["de"] == {"lang": "de", "source": False, "percent": 0.0, "missing": True}
    assert first["last_build"]["path"] == newest.relative_to(project).as_posix()
    assert modules["second"]["last_build"] is None

    table = run_moduletool("list", cwd=project, env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"})
    assert table.returncode == 0
    rows = {line.split()[0]: line for line in table.stdout.splitlines() if line.strip().startswith(("first", "second"))}
    assert "en (source)" in rows["first-module"] and f"fr {langs['fr']['percent']:g}%" in rows["first-module"]
    assert "de 0% (no file)" in rows["first-module"]
    assert rows["second"].rstrip().endswith("never")


def test_list_marks_an_invalid_module(tmp_path: Path) -> None:
    project = _project(tmp_path)
    module = project / "modules/first-module/module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("type: callout", "type: callot"), encoding="utf-8")
    result = run_moduletool("list", "--format", "json", cwd=project)
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["modules"][0]["valid"] is False and report["modules"][0]["problems"] == 1
    table = run_moduletool("list", cwd=project, env={**os.environ, "COLUMNS": "200"})
    assert "invalid: 1 problem(s), run `moduletool validate first-module`" in table.stdout
