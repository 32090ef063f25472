"""moduletool installed from a wheel, far from the source tree: init, new, validate, build and preview work.

This is what partners do (`pip install moduletool`, then `moduletool init` in their own
repository), so everything the commands need — theme, scaffold, preview page, schema — must
come from the installed package. The wheel is built from a copy of the sources; its
dependencies come from PyPI (or pip's cache).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest
from support.projects import REPO

SOURCES = ("pyproject.toml", "README.md", "src", "templates")
URL_LINE = re.compile(r"at (http://127\.0\.0\.1:\d+/)")


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 900) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(str(p) for p in command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `moduletool` console script of a fresh venv holding only the wheel and its dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "node_modules"))
        else:
            shutil.copy(REPO / name, source / name)
    wheels = root / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w", wheels, ".",
         cwd=source)
    wheel = next(wheels.glob("moduletool-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for packaged in ("moduletool/scaffold/module/module.yaml", "moduletool/scaffold/project/gitignore",
                     "moduletool/preview/static/panel.js", "moduletool/templates/index.html.j2"):
        assert packaged in names, f"{packaged} is missing from the wheel"
    shutil.rmtree(source)  # nothing may come from the sources from here on
    environment = root / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    _run(environment / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel, cwd=root)
    return environment / "bin" / "moduletool"


def test_init_new_validate_build_preview_from_a_wheel(installed: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run(installed, "init", "course", cwd=tmp_path, env=env)
    project = tmp_path / "course"
    _run(installed, "new", "job-search", cwd=project, env=env)
    validated = json.loads(_run(installed, "validate", "--format", "json", cwd=project, env=env).stdout)
    assert validated["ok"] and {m["id"] for m in validated["modules"]} == {"first-module", "job-search"}
    _run(installed, "build", "-f", "scorm12", "-f", "web", cwd=project, env=env)
    zips = sorted(path.relative_to(project).as_posix() for path in (project / "dist").rglob("*.zip"))
    assert zips == ["dist/first-module/en/first-module-1.0.0-en-scorm12.zip",
                    "dist/first-module/en/first-module-1.0.0-en-web.zip",
                    "dist/job-search/en/job-search-1.0.0-en-scorm12.zip",
                    "dist/job-search/en/job-search-1.0.0-en-web.zip"]

    preview = subprocess.Popen([str(installed), "preview", "job-search", "--no-open", "--port", "0"], cwd=project,
                               env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert preview.stdout is not None
        line = preview.stdout.readline()
        match = URL_LINE.search(line)
        assert match, line
        with urllib.request.urlopen(match.group(1), timeout=30) as page:
            assert b"/_preview/panel.js" in page.read()
        with urllib.request.urlopen(match.group(1) + "package/index.html", timeout=30) as package:
            assert "Job search" in package.read().decode("utf-8")
    finally:
        preview.send_signal(signal.SIGINT)
        _, stderr = preview.communicate(timeout=30)
    assert preview.returncode == 0 and "Traceback" not in stderr, stderr
