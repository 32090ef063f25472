"""Every package of the sample project, built once per test session and served over HTTP.

The accessibility, layout and size tests run on what the project really ships: each module under
`modules/`, in the source language and every language `moduletool.yaml` lists, in every format its
profile or `formats` names. The list is read from the project when the tests are collected, so a
module or a language added to the project is tested without touching the tests. Unfinished
translations are built as drafts (`--allow-drafts`): what the learner sees is still a package.

The browser tests' own demo module (every block and question kind, a video with captions) is
built beside them, in English and Arabic.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.projects import copy_sample_project

from moduletool.profiles import DEFAULT_FORMATS, PROFILES
from moduletool.project import Project

REPO = Path(__file__).resolve().parents[2]
DEMO_SOURCE = Path(__file__).resolve().parent / "modules" / "player-demo"
DEMO_LANGUAGES = ("en", "ar")


@dataclass(frozen=True, order=True)
class PackageId:
    """One package: a module in one language and one format."""

    module: str
    lang: str
    format: str

    def __str__(self) -> str:
        return f"{self.module}/{self.lang}/{self.format}"


def _project_formats(project: Project) -> tuple[str, ...]:
    if project.config.formats:
        return tuple(project.config.formats)
    if project.config.profile:
        return tuple(PROFILES[project.config.profile].formats)
    return DEFAULT_FORMATS


def sample_module_ids() -> list[str]:
    """The ids of the project's own modules (every folder of `modules/` with a module.yaml)."""
    return [source.id for source in Project.find(REPO).all_modules()]


def sample_package_ids() -> list[PackageId]:
    """What the sample project builds (read from moduletool.yaml and modules/), then the demo module."""
    project = Project.find(REPO)
    languages = [project.config.source_language,
                 *(lang for lang in project.config.languages if lang != project.config.source_language)]
    formats = _project_formats(project)
    ids = [PackageId(source.id, lang, package_format)
           for source in project.all_modules() for lang in languages for package_format in formats]
    ids += [PackageId(DEMO_SOURCE.name, lang, package_format) for lang in DEMO_LANGUAGES for package_format in formats]
    return ids


def _run(project: Path, *args: str) -> dict[str, Any]:
    moduletool = Path(sys.executable).with_name("moduletool")
    result = subprocess.run([str(moduletool), "-C", str(project), "build", *args, "--allow-drafts", "--quiet",
                             "--report", "json"], capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        pytest.fail(f"`moduletool build {' '.join(args)} --allow-drafts` failed in the sample project copy "
                    f"(exit {result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    report: dict[str, Any] = json.loads(result.stdout)
    return report


class SamplePackages:
    """The unpacked packages, under `root/<module>/<lang>/<format>/`, served at `url`."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url
        self.dirs: dict[PackageId, Path] = {}

    def build(self, workdir: Path) -> None:
        project = copy_sample_project(workdir / "project")
        shutil.copytree(DEMO_SOURCE, project / "modules" / DEMO_SOURCE.name)
        sample = [source.name for source in sorted((REPO / "modules").iterdir()) if (source / "module.yaml").is_file()]
        reports = [_run(project, *sample)]
        reports.append(_run(project, DEMO_SOURCE.name, *(arg for lang in DEMO_LANGUAGES for arg in ("--lang", lang))))
        for report in reports:
            for package in report["packages"]:
                key = PackageId(package["module"], package["lang"], package["format"])
                target = self.root / key.module / key.lang / key.format
                with zipfile.ZipFile(project / package["path"]) as archive:
                    archive.extractall(target)
                self.dirs[key] = target

    def dir(self, key: PackageId) -> Path:
        if key not in self.dirs:
            pytest.fail(f"the sample build made no package {key}; it made {sorted(map(str, self.dirs))}",
                        pytrace=False)
        return self.dirs[key]

    def index_url(self, key: PackageId) -> str:
        self.dir(key)
        return f"{self.url}/{key.module}/{key.lang}/{key.format}/index.html"

    def course(self, key: PackageId) -> dict[str, Any]:
        return embedded_json(self.dir(key) / "index.html", "moduletool-course")

    def strings(self, key: PackageId) -> dict[str, str]:
        return embedded_json(self.dir(key) / "index.html", "moduletool-strings")


def embedded_json(index: Path, element_id: str) -> Any:
    """One of the JSON data blocks of a built index.html."""
    html = index.read_text(encoding="utf-8")
    start = html.index(f'<script type="application/json" id="{element_id}">')
    start = html.index(">", start) + 1
    return json.loads(html[start:html.index("</script>", start)])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(root: Path) -> Generator[str, None, None]:
    """Serve `root` on 127.0.0.1 while the generator is open; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
