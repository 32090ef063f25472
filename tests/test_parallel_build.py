"""Parallel builds: the same zips, the same report and the same diagnostics, in the same order, as a serial build."""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest
from support.catalogs import translate_all
from support.projects import copy_fixture, run_moduletool
from test_build_cache import CONFIG

from moduletool.build import BuildReport, build
from moduletool.build_jobs import split, worker_context
from moduletool.build_module import ModuleTask
from moduletool.packaging import get_format
from moduletool.project import ModuleSource, Project

FORMATS = ["scorm12", "scorm2004", "cmi5"]


def make(root: Path) -> Path:
    """Four modules: two fine, one with a draft French translation, one broken; English and French."""
    project = copy_fixture("mini", root)
    mini = project / "modules" / "mini-course"
    for name in ("other-course", "draft-course", "broken-course"):
        shutil.copytree(mini, project / "modules" / name)
        yaml = project / "modules" / name / "module.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("id: mini-course", f"id: {name}"), encoding="utf-8")
    (project / "moduletool.yaml").write_text(CONFIG, encoding="utf-8")
    broken = project / "modules" / "broken-course" / "module.yaml"
    translate_all(project, "fr", ["mini-course", "other-course"])
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: single", "kind: singel"), encoding="utf-8")
    return project


def run(root: Path, jobs: int) -> BuildReport:
    project = Project.find(root)
    steps: list[str] = []
    report = build(project, project.select([]), [get_format(name) for name in FORMATS], steps.append,
                   jobs=jobs, allow_drafts=False, force=True)
    assert sorted(steps) == sorted(source.id for source in project.select([]))
    return report


def summary(report: BuildReport, root: Path) -> dict[str, object]:
    return {
        "packages": [(p.module_id, p.lang, p.format, p.path.relative_to(root).as_posix(), p.size, p.files, p.draft)
                     for p in report.packages],
        "diagnostics": [d.headline() for d in report.diagnostics],
        "hints": [d.hint for d in report.diagnostics],
        "failed": report.failed_modules,
        "not_built": report.not_built,
        "translations": [status.summary() for status in report.translations],
    }


def digests(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted((root / "dist").rglob("*.zip"))}


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_parallel_build_reports_and_writes_what_a_serial_one_does(tmp_path: Path, jobs: int) -> None:
    serial_root, parallel_root = make(tmp_path / "serial"), make(tmp_path / "parallel")
    serial = run(serial_root, 1)
    parallel = run(parallel_root, jobs)
    assert summary(parallel, parallel_root) == summary(serial, serial_root)
    assert digests(parallel_root) == digests(serial_root)
    assert serial.failed_modules == ["broken-course", "draft-course"]
    assert len(serial.packages) == 2 * 2 * len(FORMATS) + len(FORMATS)  # two modules × en, fr; draft-course en


def test_few_modules_are_split_by_language_to_keep_every_core_busy() -> None:
    tasks = [ModuleTask(ModuleSource(Path(name), name), "key") for name in ("a", "b")]
    assert split(tasks, 1) == tasks
    parts = split(tasks, 3)
    assert [(task.source.id, task.part, task.parts) for task in parts] == [
        ("a", 0, 3), ("a", 1, 3), ("a", 2, 3), ("b", 0, 3), ("b", 1, 3), ("b", 2, 3)]
    many = [ModuleTask(ModuleSource(Path(str(n)), str(n)), "key") for n in range(4)]
    assert split(many, 2) == many


def test_the_jobs_option(tmp_path: Path) -> None:
    project = make(tmp_path / "p")
    result = run_moduletool("build", "--jobs", "2", "--report", "json", cwd=project)
    assert result.returncode == 1, result.stderr  # the broken and the draft module
    assert "Traceback" not in result.stderr
    assert "kind" in result.stderr
    refused = run_moduletool("build", "--jobs", "0", cwd=project)
    assert refused.returncode == 2
    assert "--jobs" in refused.stderr


def test_workers_start_safely_beside_another_thread(tmp_path: Path) -> None:
    """A terminal's progress bar runs a thread: workers then come from a fork server, with the same result."""
    serial_root, parallel_root = make(tmp_path / "serial"), make(tmp_path / "parallel")
    alone = worker_context().get_start_method()  # `fork` unless earlier tests left threads running
    release = threading.Event()
    busy = threading.Thread(target=release.wait)
    busy.start()
    try:
        assert worker_context().get_start_method() in ("forkserver", "spawn")
        parallel = run(parallel_root, 2)
    finally:
        release.set()
        busy.join()
    assert worker_context().get_start_method() == alone
    assert summary(parallel, parallel_root) == summary(run(serial_root, 1), serial_root)
    assert digests(parallel_root) == digests(serial_root)
