"""`moduletool init` and `moduletool new`: a project and modules that validate and build as written."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import yaml
from support.projects import run_moduletool

from moduletool.schema.blocks import BLOCK_TYPES
from moduletool.schema.export import SCHEMA_PATH, module_json_schema_text
from moduletool.schema.questions import QUESTION_KINDS


def _init(tmp_path: Path, *options: str) -> Path:
    result = run_moduletool("init", "course", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "course"


def _commented_out(text: str) -> str:
    """The module file with its commented-out blocks turned back on (`# - id:` → `- id:`, `#   type:` →
    `  type:`); prose comments stay comments."""
    return "\n".join(line.replace("# ", "", 1) if line.startswith(("      # - ", "      #   ")) else line
                     for line in text.splitlines())


def test_init_writes_a_project_that_validates_and_builds(tmp_path: Path) -> None:
    project = _init(tmp_path)
    for name in ("moduletool.yaml", ".gitignore", ".vscode/settings.json", "README.md", SCHEMA_PATH,
                 "translations/.gitkeep", "modules/first-module/module.yaml"):
        assert (project / name).is_file(), name
    assert (project / SCHEMA_PATH).read_text(encoding="utf-8") == module_json_schema_text()
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schemas/module.schema.json": "modules/*/module.yaml"}
    assert "/dist/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()

    assert run_moduletool("validate", cwd=project).returncode == 0
    built = run_moduletool("build", "--report", "json", cwd=project)
    assert built.returncode == 0, built.stderr
    packages = json.loads(built.stdout)["packages"]
    assert {(p["module"], p["format"]) for p in packages} == {("first-module", "scorm12"), ("first-module", "web")}
    for package in packages:
        assert zipfile.is_zipfile(project / package["path"])


def test_new_module_has_every_block_type_and_question_kind(tmp_path: Path) -> None:
    project = _init(tmp_path)
    result = run_moduletool("new", "job-search", "--title", "Job search: a start", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "modules/job-search/module.yaml"
    text = path.read_text(encoding="utf-8")
    module = yaml.safe_load(text)
    assert module["id"] == "job-search" and module["title"] == "Job search: a start"
    blocks = [block for page in module["pages"] for block in page["blocks"]]
    active_types = {block["type"] for block in blocks}
    kinds = {block["kind"] for block in blocks if block["type"] == "question"}
    assert kinds == set(QUESTION_KINDS)
    # Audio and video need the author's own recordings: they are there, commented out.
    everything = yaml.safe_load(_commented_out(text))
    all_types = {block["type"] for page in everything["pages"] for block in page["blocks"]}
    assert all_types == set(BLOCK_TYPES)
    assert active_types == set(BLOCK_TYPES) - {"audio", "video"}

    validated = run_moduletool("validate", "job-search", "--format", "json", cwd=project)
    assert validated.returncode == 0, validated.stdout
    assert run_moduletool("build", "job-search", "-f", "scorm2004", cwd=project).returncode == 0


def test_new_refuses_a_bad_id_and_an_existing_module(tmp_path: Path) -> None:
    project = _init(tmp_path)
    bad = run_moduletool("new", "Job_Search", cwd=project)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "Job_Search: not a valid module id" in bad.stderr
    assert "e.g. `job-search`" in bad.stderr
    assert not (project / "modules" / "Job_Search").exists()

    existing = run_moduletool("new", "first-module", cwd=project)
    assert existing.returncode == 1
    assert "modules/first-module: module `first-module` already exists" in existing.stderr


def test_init_refuses_a_folder_with_files_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "README.md").write_text("mine\n", encoding="utf-8")
    refused = run_moduletool("init", "course", cwd=tmp_path)
    assert refused.returncode == 1
    assert "course: the folder is not empty" in refused.stderr and "--force" in refused.stderr
    assert not (folder / "moduletool.yaml").exists()

    forced = run_moduletool("init", "course", "--force", "--language", "fr", "--module", "premier", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (folder / "README.md").read_text(encoding="utf-8") == "mine\n"
    assert "kept    README.md" in forced.stderr
    assert yaml.safe_load((folder / "moduletool.yaml").read_text(encoding="utf-8"))["source_language"] == "fr"
    assert yaml.safe_load((folder / "modules/premier/module.yaml").read_text(encoding="utf-8"))["language"] == "fr"
    assert run_moduletool("validate", cwd=folder).returncode == 0


def test_new_outside_a_project_says_how_to_make_one(tmp_path: Path) -> None:
    result = run_moduletool("new", "x", cwd=tmp_path)
    assert result.returncode == 1
    assert "moduletool init" in result.stderr
