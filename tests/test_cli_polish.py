"""The finish of the command line: --version, --quiet, --verbose, NO_COLOR, shell completion, examples in help."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support.projects import copy_fixture, run_moduletool

from moduletool import __version__

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*;3[0-7];?[0-9;]*m")
COMMANDS = ["validate", "build", "schema", "check", "init", "new", "list", "preview", "reference",
            "i18n extract", "i18n init", "i18n update", "i18n stats", "i18n check", "i18n export-xliff",
            "i18n import-xliff", "i18n mt"]


def _broken(tmp_path: Path) -> Path:
    project = copy_fixture("mini", tmp_path / "p")
    module = project / "modules/mini-course/module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("type: text", "type: txet", 1), encoding="utf-8")
    return project


def test_version(tmp_path: Path) -> None:
    result = run_moduletool("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == f"moduletool {__version__}\n"


def test_quiet_prints_only_problems_and_verbose_more(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    normal = run_moduletool("validate", cwd=project)
    assert "module(s) valid" in normal.stderr
    quiet = run_moduletool("--quiet", "validate", cwd=project)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    quiet_json = run_moduletool("-q", "list", "--format", "json", cwd=project)
    assert quiet_json.stdout.startswith("{") and quiet_json.stderr == ""
    verbose = run_moduletool("--verbose", "validate", cwd=project)
    assert f"project: {project.resolve()}" in verbose.stderr

    broken = run_moduletool("-q", "validate", cwd=_broken(tmp_path / "second"))
    assert broken.returncode == 1 and "modules/mini-course/module.yaml:" in broken.stderr


@pytest.mark.parametrize("no_color", [False, True])
def test_no_color_is_respected(tmp_path: Path, no_color: bool) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "TERM")}
    env["FORCE_COLOR"] = "1"  # colour even into a pipe, so that only NO_COLOR can turn it off
    if no_color:
        env["NO_COLOR"] = "1"
    result = run_moduletool("validate", cwd=_broken(tmp_path), env=env)
    assert result.returncode == 1 and "module.yaml:" in result.stderr
    assert bool(COLOUR.search(result.stderr)) is not no_color, repr(result.stderr[:300])


def test_shell_completion_is_available(tmp_path: Path) -> None:
    result = run_moduletool("--show-completion", "bash", cwd=tmp_path)
    assert result.returncode == 0 and "_moduletool_completion" in result.stdout
    assert "--install-completion" in run_moduletool("--help", cwd=tmp_path).stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_examples(tmp_path: Path, command: str) -> None:
    result = run_moduletool(*command.split(), "--help", cwd=tmp_path, env={**os.environ, "COLUMNS": "120"})
    assert result.returncode == 0
    assert "Examples:" in result.stdout and f"moduletool {command}" in result.stdout
