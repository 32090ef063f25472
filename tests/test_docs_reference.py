"""docs/reference.md is generated from the models; it must match them, and cover every block and question."""

from __future__ import annotations

from pathlib import Path

from support.projects import REPO, run_moduletool

from moduletool.schema.blocks import BLOCK_TYPES
from moduletool.schema.questions import QUESTION_KINDS
from moduletool.schema_reference import REFERENCE_PATH, reference_markdown


def test_committed_reference_is_current() -> None:
    committed = (REPO / REFERENCE_PATH).read_text(encoding="utf-8")
    assert committed == reference_markdown(), "docs/reference.md is stale: run `moduletool reference`"


def test_reference_covers_every_block_type_question_kind_and_setting() -> None:
    text = reference_markdown()
    for block_type in BLOCK_TYPES:
        if block_type != "question":
            assert f'| `type` | `"{block_type}"` | required |' in text, block_type
    for kind in QUESTION_KINDS:
        assert f'| `kind` | `"{kind}"` | required |' in text, kind
    assert "| `alt` | text | optional | What the picture shows" in text
    assert "| `publisher_iri` |" in text and "## Project settings (`moduletool.yaml`)" in text


def test_reference_command_writes_and_checks(tmp_path: Path) -> None:
    assert run_moduletool("init", "p", cwd=tmp_path).returncode == 0
    project = tmp_path / "p"
    stale = run_moduletool("reference", "--check", cwd=project)
    assert stale.returncode == 1 and "docs/reference.md: out of date with the models" in stale.stderr
    assert run_moduletool("reference", cwd=project).returncode == 0
    assert (project / REFERENCE_PATH).read_text(encoding="utf-8") == reference_markdown()
    assert run_moduletool("reference", "--check", cwd=project).returncode == 0


def test_docs_are_linked_from_the_readme_and_each_other() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/index.md" in readme
    index = (REPO / "docs/index.md").read_text(encoding="utf-8")
    for page in ("authors.md", "translators.md", "it-staff.md", "reference.md"):
        assert f"]({page})" in index, page
        assert (REPO / "docs" / page).is_file(), page
