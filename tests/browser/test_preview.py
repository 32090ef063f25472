"""`moduletool preview` in Chromium: the page shows the module, a save reloads it, a broken save
shows the located problem in the page, and the LMS panel shows what the runtime stored.

The preview runs as users run it (the console script, in a project made by `moduletool init`),
on a free port of 127.0.0.1, and is stopped with Ctrl+C (SIGINT) at the end.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

MODULETOOL = Path(sys.executable).with_name("moduletool")
MODULE = "first-module"
URL_LINE = re.compile(r"at (http://127\.0\.0\.1:\d+/)")
RELOAD_MS = 20_000
"""How long a save may take to show: polling, a rebuild and a relaunch, on a busy machine."""


@dataclass
class Preview:
    url: str
    project: Path
    process: subprocess.Popen[str]

    @property
    def module_yaml(self) -> Path:
        return self.project / "modules" / MODULE / "module.yaml"

    def edit(self, old: str, new: str) -> None:
        text = self.module_yaml.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in the scaffolded module"
        self.module_yaml.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wait_for_url(process: subprocess.Popen[str], seconds: float = 60) -> str:
    found: list[str] = []
    seen: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            seen.append(line)
            match = URL_LINE.search(line)
            if match:
                found.append(match.group(1))
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(seconds)
    if not found:
        process.kill()
        pytest.fail(f"`moduletool preview` printed no URL:\n{''.join(seen)}\n{process.stderr.read() if process.stderr else ''}",
                    pytrace=False)
    return found[0]


def _start(project: Path, *options: str) -> Preview:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    process = subprocess.Popen([str(MODULETOOL), "preview", MODULE, "--no-open", "--port", "0", *options],
                               cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return Preview(_wait_for_url(process), project, process)


def _stop(preview: Preview) -> str:
    """Ctrl+C, as a user stops it; returns stderr, which must hold no traceback."""
    preview.process.send_signal(signal.SIGINT)
    try:
        _, stderr = preview.process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        preview.process.kill()
        pytest.fail("`moduletool preview` did not stop on Ctrl+C", pytrace=False)
    return stderr


@contextlib.contextmanager
def _running(project: Path, *options: str) -> Iterator[Preview]:
    """`moduletool preview` for the length of a `with`; stopped with Ctrl+C, and its stderr must hold no traceback."""
    running = _start(project, *options)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            stderr = _stop(running)
            assert "Traceback" not in stderr, stderr
            assert running.process.returncode == 0, stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    result = subprocess.run([str(MODULETOOL), "init", str(tmp_path / "course")], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return tmp_path / "course"


@pytest.fixture
def preview(project: Path, chromium_path: Path) -> Iterator[Preview]:
    with _running(project) as running:
        yield running


def _module_frame(page: Any) -> Any:
    frame = page.frame_locator("#sco")
    expect(frame.locator("#next")).to_be_visible(timeout=RELOAD_MS)
    return frame


def _cmi_value(page: Any, element: str) -> Any:
    return page.locator(f'#cmi tr[data-element="{element}"] td.value')


def test_preview_shows_reloads_reports_and_plays_the_lms(preview: Preview, tab: Any) -> None:
    page = tab.page
    page.goto(preview.url)
    frame = _module_frame(page)
    expect(frame.locator("#page-content")).to_contain_text("Text blocks hold")
    expect(page.locator("#lms-title")).to_have_text("LMS: SCORM 1.2")

    # The runtime initialised the session and said where the learner is: the panel shows it.
    expect(_cmi_value(page, "cmi.core.lesson_status")).to_have_text("incomplete")
    frame.locator("#next").click()
    expect(frame.locator("#page-questions")).to_be_visible()
    expect(_cmi_value(page, "cmi.core.lesson_location")).to_have_text("questions")
    expect(page.locator("#state-size")).to_contain_text("of 4096 characters")

    # The LMS-side API answers like an LMS: read-only elements, SCORM 1.2's 4096-character
    # suspend_data, elements that do not exist — each refused with its error code.
    refusals = page.evaluate("""() => [
        [API.LMSSetValue('cmi.core.student_id', 'x'), API.LMSGetLastError()],
        [API.LMSSetValue('cmi.suspend_data', 'x'.repeat(4097)), API.LMSGetLastError()],
        [API.LMSGetValue('cmi.core.exit'), API.LMSGetLastError()],
        [API.LMSGetValue('cmi.no_such_thing'), API.LMSGetLastError()],
        [API.LMSGetErrorString('403'), API.LMSGetValue('cmi.core._children').includes('lesson_location')]]""")
    assert refusals == [["false", "403"], ["false", "405"], ["", "404"], ["", "401"], ["Element is read only", True]]

    # Relaunch: the module closes (exit = suspend) and comes back where the learner was.
    page.click("#relaunch")
    expect(_cmi_value(page, "cmi.core.entry")).to_have_text("resume")
    expect(_module_frame(page).locator("#page-questions")).to_be_visible()

    # Reset attempt: everything forgotten, a first launch again.
    page.click("#reset")
    expect(_cmi_value(page, "cmi.core.entry")).to_have_text("ab-initio")
    expect(_module_frame(page).locator("#page-content")).to_be_visible()
    expect(_cmi_value(page, "cmi.core.lesson_location")).to_have_text("content")

    # A save reloads the page with the new text.
    preview.edit("Text blocks hold", "Edited blocks hold")
    expect(_module_frame(page).locator("#page-content")).to_contain_text("Edited blocks hold", timeout=RELOAD_MS)

    # A broken save shows the problem, located, instead of the old content.
    preview.edit("type: callout", "type: callot")
    line = next(number for number, text in enumerate(preview.module_yaml.read_text(encoding="utf-8").splitlines(), 1)
                if "type: callot" in text)
    expect(page.locator("#problems")).to_be_visible(timeout=RELOAD_MS)
    expect(page.locator("#sco")).to_be_hidden()
    expect(page.locator("#problem-list")).to_contain_text(f"modules/{MODULE}/module.yaml:{line}:")
    expect(page.locator("#problem-list")).to_contain_text("callot")

    # Fixed again: the module is back.
    preview.edit("type: callot", "type: callout")
    expect(page.locator("#problems")).to_be_hidden(timeout=RELOAD_MS)
    expect(_module_frame(page).locator("#page-content")).to_contain_text("Edited blocks hold", timeout=RELOAD_MS)
    assert tab.errors == []


def test_preview_plays_the_lrs_for_cmi5(project: Path, chromium_path: Path, tab: Any) -> None:
    with _running(project, "--format", "cmi5") as running:
        page = tab.page
        page.goto(running.url)
        frame = _module_frame(page)
        expect(page.locator("#lms-title")).to_contain_text("cmi5")
        expect(page.locator("#notes")).to_contain_text("publisher_iri is not set")
        expect(page.locator("#statements li").first).to_contain_text("initialized")
        frame.locator("#next").click()
        expect(page.locator("#statements")).to_contain_text("experienced pages/content")
        expect(page.locator("#state-size")).to_contain_text("of 16000 characters")
        # The State and Agent Profile APIs answer 404 for documents not written yet, as xAPI says;
        # Chromium notes those answers in the console. Script errors are what must not happen.
        assert [e for e in tab.errors if not e.startswith("console: Failed to load resource")] == []


def test_preview_plays_scorm_2004(project: Path, chromium_path: Path, tab: Any) -> None:
    with _running(project, "--format", "scorm2004") as running:
        page = tab.page
        page.goto(running.url)
        frame = _module_frame(page)
        expect(page.locator("#lms-title")).to_have_text("LMS: SCORM 2004")
        expect(_cmi_value(page, "cmi.completion_status")).to_have_text("incomplete")
        expect(_cmi_value(page, "cmi.scaled_passing_score")).to_have_text("0.8")
        frame.locator("#next").click()
        expect(_cmi_value(page, "cmi.location")).to_have_text("questions")
        expect(page.locator("#state-size")).to_contain_text("of 64000 characters")
        refusals = page.evaluate("""() => [
            [API_1484_11.SetValue('cmi.learner_id', 'x'), API_1484_11.GetLastError()],
            [API_1484_11.Initialize(''), API_1484_11.GetLastError()],
            [API_1484_11.SetValue('cmi.success_status', 'maybe'), API_1484_11.GetLastError()]]""")
        assert refusals == [["false", "404"], ["false", "103"], ["false", "406"]]
        assert tab.errors == []
