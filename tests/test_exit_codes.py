"""Every command ends with the documented exit codes: 0 success, 1 user problem, 2 usage error, 70 bug.

Each command is run as a real process three ways: as it should succeed, outside any project (a
user problem: exit 1, a located message, no traceback) and with an unknown option (click's usage
error, exit 2). A bug is simulated by making a command raise an unexpected exception: exit 70,
with the traceback and a request to report it. Two writers on one project wait for each other
or fail clearly (the project lock).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.projects import MODULETOOL, copy_fixture, run_moduletool

from moduletool.exit_codes import BUG, SUCCESS, USAGE_ERROR, USER_PROBLEM
from moduletool.project_lock import LOCK_FILE

COMMANDS: list[tuple[str, ...]] = [
    ("validate",), ("build", "-f", "web"), ("schema", "--check"), ("i18n", "extract"), ("i18n", "init", "--lang", "fr"),
    ("i18n", "update"), ("i18n", "stats"), ("i18n", "check"), ("i18n", "mt", "--lang", "fr", "--dry-run"),
    ("i18n", "export-xliff", "--lang", "fr"), ("i18n", "import-xliff", "translations/xliff/fr/mini-course.xlf"),
    ("check", "dist"),
]
"""In an order in which each one succeeds on the mini project (the later ones need the earlier ones' files)."""
NAMES = [" ".join(command[:2] if command[0] == "i18n" else command[:1]) for command in COMMANDS]


def env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("mini", tmp_path_factory.mktemp("exit") / "mini")
    schema = Path(__file__).resolve().parents[1] / "schemas"
    (project / "schemas").mkdir()
    (project / "schemas" / "module.schema.json").write_bytes((schema / "module.schema.json").read_bytes())
    return project


def test_every_command_succeeds_with_0(mini: Path) -> None:
    for command in COMMANDS:
        result = run_moduletool(*command, cwd=mini, env=env())
        assert result.returncode == SUCCESS, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_outside_a_project_is_a_user_problem(command: tuple[str, ...], tmp_path: Path) -> None:
    result = run_moduletool(*command, cwd=tmp_path, env=env())
    assert result.returncode == USER_PROBLEM, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if command[0] == "check":  # checks packages anywhere: no project needed
        assert result.stderr == "dist: no such file or folder\n"
    else:
        assert f"{tmp_path.resolve()}: no moduletool.yaml found here or in any parent folder" in result.stderr
        assert "hint: run moduletool inside a content project" in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=NAMES)
def test_an_unknown_option_is_a_usage_error(command: tuple[str, ...], mini: Path) -> None:
    result = run_moduletool(*command, "--no-such-option", cwd=mini, env=env())
    assert result.returncode == USAGE_ERROR, result.stderr
    assert "No such option: --no-such-option" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_command_is_a_usage_error(mini: Path) -> None:
    result = run_moduletool("biuld", cwd=mini, env=env())
    assert result.returncode == USAGE_ERROR
    assert "No such command 'biuld'" in result.stderr


BUGGY = """\
import sys
from moduletool import cli, modules
def broken(source):
    raise RuntimeError("an invariant broke")
cli.load_module = broken
sys.argv = ["moduletool", "validate"]
cli.main()
"""


def test_a_bug_prints_its_traceback_and_asks_for_a_report(mini: Path) -> None:
    result = subprocess.run([sys.executable, "-c", BUGGY], cwd=mini, env=env(), capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == BUG == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: an invariant broke" in result.stderr
    assert "This is a bug in moduletool, not a problem with your files: please report it at" in result.stderr
    assert "(exit code 70)" in result.stderr


def test_a_file_the_system_refuses_to_write_is_a_user_problem(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    (project / "dist").write_text("a file where the output folder should be\n", encoding="utf-8")
    result = run_moduletool("build", "-f", "web", cwd=project, env=env())
    assert result.returncode == USER_PROBLEM, result.stderr
    assert "Traceback" not in result.stderr
    assert "/dist/mini-course/en: cannot read or write: " in result.stderr
    assert "hint: check the free space and the permissions of that folder" in result.stderr


@pytest.mark.parametrize("command", [("i18n", "check"), ("i18n", "stats"), ("build", "-f", "web", "--lang", "fr")],
                         ids=lambda c: " ".join(c[:2]))
def test_a_folder_where_a_po_file_belongs_is_reported(command: tuple[str, ...], tmp_path: Path) -> None:
    """An unzipped download or a mistaken `mkdir` must not pass for "no translation yet"."""
    project = copy_fixture("mini", tmp_path / "mini")
    (project / "translations" / "fr" / "mini-course.po").mkdir(parents=True)
    result = run_moduletool(*command, cwd=project, env=env())
    assert result.returncode == USER_PROBLEM, result.stderr
    assert "Traceback" not in result.stderr
    assert "translations/fr/mini-course.po: cannot read: Is a directory" in result.stderr
    assert "hint: a file belongs here, not a folder" in result.stderr


# --- the project lock ----------------------------------------------------------------------

HOLD = """\
import sys, time
from pathlib import Path
from moduletool.project_lock import project_lock
with project_lock(Path(sys.argv[1]), "test"):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(project: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


@pytest.mark.parametrize("command", [("build", "-f", "web"), ("i18n", "update"), ("i18n", "mt", "--lang", "fr"),
                                     ("i18n", "import-xliff", "x.xlf"), ("i18n", "extract"),
                                     ("i18n", "init", "--lang", "de")], ids=lambda c: " ".join(c[:2]))
def test_a_writer_gives_up_clearly_when_the_project_stays_locked(command: tuple[str, ...], tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    holder = hold_lock(project, 30)
    try:
        result = run_moduletool(*command, cwd=project, env={**env(), "MODULETOOL_LOCK_TIMEOUT": "0.5"})
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == USER_PROBLEM, result.stderr
    assert "Traceback" not in result.stderr
    assert f"waiting for another moduletool run (pid {holder.pid}) to finish…" in result.stderr
    assert (f"{LOCK_FILE}: another moduletool run (pid {holder.pid}) is still working on this project; "
            f"`{' '.join(command[:2]) if command[0] == 'i18n' else command[0]}` gave up after 0.5 s") in result.stderr
    assert not (project / "dist").exists()


def test_a_second_build_waits_for_the_first_and_writes_never_interleave(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    holder = hold_lock(project, 1.5)
    started = time.monotonic()
    result = run_moduletool("build", "-f", "web", "-f", "scorm12", cwd=project, env=env())
    holder.wait()
    assert result.returncode == SUCCESS, result.stderr
    assert time.monotonic() - started >= 1.0, "the build did not wait for the lock"
    assert f"waiting for another moduletool run (pid {holder.pid}) to finish…" in result.stderr
    assert sorted(p.name for p in (project / "dist").rglob("*.zip")) == [
        "mini-course-2.1.0-en-scorm12.zip", "mini-course-2.1.0-en-web.zip"]


def test_two_builds_at_once_both_succeed_one_after_the_other(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    runs = [subprocess.Popen([str(MODULETOOL), "build", "-f", "scorm12", "-f", "web", "-f", "scorm2004"], cwd=project,
                             env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    zips = sorted((project / "dist").rglob("*.zip"))
    assert len(zips) == 3
    assert not [p for p in (project / "dist").rglob("*") if p.name.endswith(".part")]
