"""The committed JSON Schema must match the models: editors would otherwise suggest stale keys."""

from __future__ import annotations

import json
from pathlib import Path

from support.projects import REPO, copy_fixture, run_moduletool

from moduletool.schema.export import SCHEMA_PATH, module_json_schema_text


def test_committed_schema_is_current() -> None:
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == module_json_schema_text(), "schemas/module.schema.json is stale: run `moduletool schema`"


def test_schema_describes_blocks_and_forbids_unknown_keys() -> None:
    schema = json.loads(module_json_schema_text())
    assert schema["additionalProperties"] is False
    assert {"ImageBlock", "VideoBlock", "SingleChoiceQuestion", "FillInQuestion"} <= set(schema["$defs"])
    assert "alt" in schema["$defs"]["ImageBlock"]["properties"]
    assert schema["$defs"]["VideoBlock"]["required"] == ["id", "type", "src", "captions"]


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    stale = run_moduletool("schema", "--check", cwd=project)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert run_moduletool("schema", cwd=project).returncode == 0
    assert (project / SCHEMA_PATH).read_text(encoding="utf-8") == module_json_schema_text()
    assert run_moduletool("schema", "--check", cwd=project).returncode == 0
