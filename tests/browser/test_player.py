"""The player outside the happy path: no LMS, a failing LMS, the saved-state budget, small screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from layout import horizontal_overflow, small_targets
from playwright.sync_api import expect

from moduletool.render.course_data import worst_case_state_length
from moduletool.render.player import RenderRequest, render_player
from moduletool.schema import Module

MODULES = ["job-search", "player-demo"]
SUSPEND_DATA_LIMIT = 4096

# The longest state the module allows, built with the runtime's own encoder: last page, every
# page visited, every option of every multiple-choice question, fill-in answers of maximum
# length made only of characters that need escaping.
WORST_STATE_JS = """() => {
  const c = window.moduletool.course;
  const answers = c.questions.map(q => {
    if (q.kind === "multiple") return q.options.map((_, i) => i);
    if (q.kind === "fill-in") return "%~|".repeat(q.maxLength).slice(0, q.maxLength);
    if (q.kind === "true-false") return false;
    return q.options.length - 1;
  });
  const state = {page: c.pages.length - 1, visited: c.pages.map(() => true), answers: answers};
  const text = window.moduletool.encodeState(state);
  return {text: text, worst: c.suspendDataWorstCase, decoded: window.moduletool.decodeState(text),
          state: Object.assign({fingerprint: c.fingerprint}, state)};
}"""


@pytest.fixture(params=MODULES)
def module_id(request: pytest.FixtureRequest, packages: Any, site: Any) -> str:
    site.install_package(packages.get(request.param))
    return request.param


def test_without_lms_the_learner_is_told(module_id: str, packages: Any, site: Any, tab: Any) -> None:
    strings = packages.strings(module_id)
    page = tab.page
    page.goto(f"{site.url}/sco/index.html")
    alert = page.locator("#lms-alert")
    expect(alert).to_have_text(strings["no_lms"])
    assert alert.get_attribute("role") == "alert"
    state = page.evaluate("window.moduletool.state()")
    assert state["connected"] is False
    page.click("#next")  # the module still works, it just cannot save
    assert page.evaluate("window.moduletool.state().page") == 1
    assert tab.errors == []


def test_failing_lms_is_shown_and_recovers(module_id: str, packages: Any, lms: Any) -> None:
    strings = packages.strings(module_id)
    lms.open()
    frame = lms.launch(fail=["LMSCommit"])
    expect(frame.locator("#lms-alert")).to_have_text(strings["lms_error"])
    lms.page.evaluate("window.lmsFail = []")
    frame.click("#next")  # the next save succeeds
    expect(frame.locator("#lms-alert")).to_have_text(strings["lms_saved"])
    lms.close()
    log = lms.log()
    assert [e["call"] for e in log][-1] == "LMSFinish"
    assert lms.cmi()["cmi"]["core"]["lesson_location"] == packages.course(module_id)["pages"][1]["id"]


def test_refused_initialisation_is_shown(module_id: str, packages: Any, lms: Any) -> None:
    strings = packages.strings(module_id)
    lms.open()
    frame = lms.launch(fail=["LMSInitialize"])
    expect(frame.locator("#lms-alert")).to_have_text(strings["lms_error"])
    assert frame.evaluate("window.moduletool.state().connected") is False
    lms.close()
    assert [e["call"] for e in lms.log()] == ["LMSInitialize"]  # nothing more is sent to that LMS


def test_suspend_data_worst_case_matches_python(module_id: str, packages: Any, site: Any, tab: Any) -> None:
    tab.page.goto(f"{site.url}/sco/index.html")
    result = tab.page.evaluate(WORST_STATE_JS)
    assert len(result["text"]) == result["worst"] == packages.course(module_id)["suspendDataWorstCase"]
    assert result["worst"] <= SUSPEND_DATA_LIMIT
    assert result["decoded"] == result["state"]


def _large_module() -> Module:
    """40 pages (two base-36 digits for the page, ten hex digits of visited pages) and every kind."""
    pages = []
    for n in range(40):
        blocks: list[dict[str, Any]] = [{"id": f"t{n}", "type": "text", "text": f"Page {n}."}]
        if n % 4 == 0:
            blocks.append({"id": f"m{n}", "type": "question", "kind": "multiple", "prompt": "Pick.",
                           "options": [{"id": f"o{k}", "text": f"O{k}", "correct": k == 0} for k in range(26)]})
        if n % 4 == 1:
            blocks.append({"id": f"f{n}", "type": "question", "kind": "fill-in", "prompt": "Type.",
                           "answers": ["x"], "max_length": 250})
        if n % 4 == 2:
            blocks.append({"id": f"s{n}", "type": "question", "kind": "single", "prompt": "One.",
                           "options": [{"id": f"o{k}", "text": f"O{k}", "correct": k == 25} for k in range(26)]})
        if n % 4 == 3:
            blocks.append({"id": f"b{n}", "type": "question", "kind": "true-false", "prompt": "T?", "answer": True})
            blocks.append({"id": f"l{n}", "type": "question", "kind": "likert", "prompt": "L?",
                           "options": [{"id": f"o{k}", "text": f"O{k}"} for k in range(11)]})
        pages.append({"id": f"p{n}", "title": f"Page {n}", "blocks": blocks})
    return Module.model_validate({"id": "large", "version": "1.0.0", "language": "en", "title": "Large",
                                  "description": "Large.", "license": "CC0-1.0", "pages": pages})


def test_suspend_data_worst_case_of_a_large_module(site: Any, tab: Any, tmp_path: Path) -> None:
    # Beyond what SCORM 1.2 can store (the build refuses it), but the two computations must agree.
    module = _large_module()
    files = render_player(RenderRequest(module, tmp_path, "en", "scorm12"))
    package = tmp_path / "large"
    for name, data in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(data)
    site.install_package(package)
    tab.page.goto(f"{site.url}/sco/index.html")
    result = tab.page.evaluate(WORST_STATE_JS)
    assert len(result["text"]) == result["worst"] == worst_case_state_length(module)
    assert result["worst"] > SUSPEND_DATA_LIMIT
    assert result["text"].split("|")[2:4] == ["13", "ff" + "f" * 8]
    assert result["decoded"] == result["state"]


def test_adapter_keeps_suspend_data_within_scorm12_limit(module_id: str, lms: Any) -> None:
    lms.open()
    frame = lms.launch()
    adapter = "window.ModuletoolAdapters.scorm12"
    assert frame.evaluate(f"{adapter}.setState('x'.repeat(4097))") is False
    assert frame.evaluate(f"{adapter}.setState('y'.repeat(4096))") is True
    written = [e["args"][1] for e in lms.log() if e["call"] == "LMSSetValue" and e["args"][0] == "cmi.suspend_data"]
    assert "x" * 4097 not in written and written[-1] == "y" * 4096


@pytest.mark.parametrize("width", [320, 1024])
def test_layout_fits_and_targets_are_large_enough(module_id: str, packages: Any, site: Any, browser: Any,
                                                  width: int) -> None:
    course = packages.course(module_id)
    context = browser.new_context(viewport={"width": width, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{site.url}/sco/index.html")
        for index in range(len(course["pages"])):
            overflow = horizontal_overflow(page)
            assert overflow <= 0, f"page {index + 1} scrolls sideways by {overflow}px at {width}px"
            small = small_targets(page)
            assert small == [], f"touch targets under 44px on page {index + 1}: {small}"
            if index < len(course["pages"]) - 1:
                page.click("#next")
    finally:
        context.close()


def test_reduced_motion_and_focus_styles(module_id: str, site: Any, browser: Any) -> None:
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{site.url}/sco/index.html")
        page.keyboard.press("Tab")  # the skip link comes first and becomes visible
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")
        transition = page.evaluate("getComputedStyle(document.querySelector('#next')).transitionDuration")
        assert transition in ("0s", "")
    finally:
        context.close()


def test_right_to_left_mirrors(site: Any, tab: Any, tmp_path: Path) -> None:
    from moduletool.loading import load_model

    source = Path(__file__).parent / "modules" / "player-demo"
    module, _ = load_model(source / "module.yaml", "module.yaml", Module)
    package = tmp_path / "ar"
    for name, data in render_player(RenderRequest(module, source, "ar", "scorm12")).items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_bytes(data)
    site.install_package(package)
    page = tab.page
    page.goto(f"{site.url}/sco/index.html")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("track").get_attribute("srclang") == "ar"
    boxes = page.evaluate("""() => ['previous', 'next', 'progress'].map(id =>
        document.getElementById(id).getBoundingClientRect().left)""")
    previous, following, progress = boxes
    assert previous > following  # reading order runs right to left: Previous on the right
    assert progress > previous  # the progress comes first, at the right edge
    option = page.evaluate("""() => { const label = document.querySelector('.option');
        return [label.querySelector('input').getBoundingClientRect().left, label.querySelector('span').getBoundingClientRect().left]; }""")
    assert option[0] > option[1]  # the radio button sits at the start (right) of its label
    assert tab.errors == []


def test_saves_every_minute_and_when_hidden(module_id: str, lms: Any) -> None:
    lms.page.clock.install()
    lms.open()
    frame = lms.launch()
    lms.clear_log()
    lms.page.clock.fast_forward(61_000)
    lms.page.wait_for_function("window.lmsLog.some(e => e.call === 'LMSCommit')")
    lms.clear_log()
    frame.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    assert [e["call"] for e in lms.log()] == ["LMSCommit"]  # saved, not finished: the learner may come back
    lms.close()
    assert [e["call"] for e in lms.log()][-2:] == ["LMSSetValue", "LMSFinish"]


def _small_module(require: str) -> Module:
    return Module.model_validate({
        "id": "small", "version": "1.0.0", "language": "en", "title": "Small", "description": "Small.",
        "license": "CC0-1.0", "completion": {"require": require, "mastery": 0.5},
        "pages": [
            {"id": "one", "title": "One", "blocks": [
                {"id": "q", "type": "question", "kind": "single", "prompt": "Which?",
                 "options": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}]}]},
            {"id": "two", "title": "Two", "blocks": [{"id": "t", "type": "text", "text": "Two."}]},
            {"id": "three", "title": "Three", "blocks": [
                {"id": "l", "type": "question", "kind": "likert", "prompt": "Like it?",
                 "options": [{"id": "no", "text": "No"}, {"id": "yes", "text": "Yes"}]}]},
        ]})


def _install(site: Any, module: Module, folder: Path) -> None:
    for name, data in render_player(RenderRequest(module, folder, "en", "scorm12")).items():
        (folder / "package" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "package" / name).write_bytes(data)
    site.install_package(folder / "package")


def _recorded(lms: Any) -> tuple[str, str]:
    core = lms.cmi()["cmi"]["core"]
    return core["lesson_status"], core["score"]["raw"]


def test_completion_all_pages(site: Any, lms: Any, tmp_path: Path) -> None:
    _install(site, _small_module("all-pages"), tmp_path)
    lms.open()
    frame = lms.launch()
    frame.click("#next")
    assert _recorded(lms) == ("incomplete", "")
    frame.click("#next")  # every page seen, the graded question still open: completed, no score
    assert _recorded(lms) == ("completed", "")
    assert frame.evaluate("window.moduletool.state()")["score"] is None
    frame.click("#previous")
    frame.click("#previous")
    frame.check("#q-q input[value=b]")
    frame.click("#q-q .check-button")  # now the quiz is answered too: success is known
    assert _recorded(lms) == ("failed", "0")
    lms.close()
    exits = [e["args"][1] for e in lms.log() if e["call"] == "LMSSetValue" and e["args"][0] == "cmi.core.exit"]
    assert exits == ["suspend", ""]


def test_completion_quiz_only(site: Any, lms: Any, tmp_path: Path) -> None:
    _install(site, _small_module("quiz"), tmp_path)
    lms.open()
    frame = lms.launch()
    assert _recorded(lms) == ("incomplete", "")
    frame.check("#q-q input[value=a]")
    frame.click("#q-q .check-button")  # the likert item is not part of the quiz
    assert _recorded(lms) == ("passed", "100")
    lms.close()
    assert lms.tab.errors == []


def test_score_waits_for_every_page(site: Any, lms: Any, tmp_path: Path) -> None:
    # Moodle turns any raw score into passed/failed (mastery score from the manifest), so a score
    # sent before the last page would complete the module early.
    _install(site, _small_module("all-pages-and-quiz"), tmp_path)
    lms.open()
    frame = lms.launch()
    frame.check("#q-q input[value=a]")
    frame.click("#q-q .check-button")
    assert frame.evaluate("window.moduletool.state()")["score"] == 100
    assert _recorded(lms) == ("incomplete", "")
    frame.click("#next")
    frame.click("#next")
    assert _recorded(lms) == ("passed", "100")
    lms.close()
    assert lms.tab.errors == []
