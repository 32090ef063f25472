"""Tracking when real LMSs misbehave: refused saves, pages hidden and killed, a course changed under the learner.

* The LMS refuses every commit for a while, then recovers: the learner sees the notice, the player
  keeps trying by itself (2 s, then 4 s later...) and, once the LMS takes the data, says so and
  clears the notice. SCORM 1.2 and 2004 under scorm-again; cmi5 and xAPI with the LRS answering 503.
* The page is hidden in the middle of the module (the learner switches apps; a phone may then kill
  the page without any further event): what was done is already saved, and a relaunch resumes it.
* The course is rebuilt with a page removed and relaunched with the old resume data: no crash, the
  learner lands on the page now at the saved position instead of a page that no longer exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from learner import encode_state, expect_locked, expect_on_page, give, plan_all, plan_answer, questions_on, walk
from playwright.sync_api import expect

from moduletool.render.player import RenderRequest, render_player
from moduletool.schema import Module

MODULE = "job-search"
COMMIT = {"1.2": "LMSCommit", "2004": "Commit"}
HIDE_JS = """() => {
    Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
    document.dispatchEvent(new Event('visibilitychange'));
}"""


def _commits(lms: Any, standard: str) -> list[str]:
    return [entry["result"] for entry in lms.log() if entry["call"] == COMMIT[standard]]


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_refused_commits_are_retried_until_the_lms_recovers(standard: str, packages: Any, site: Any,
                                                            tab: Any) -> None:
    from conftest import LMS

    package_format = "scorm12" if standard == "1.2" else "scorm2004"
    site.install_package(packages.get(MODULE, package_format))
    strings = packages.strings(MODULE)
    lms = LMS(tab, site, standard)
    lms.page.clock.install()
    lms.open()
    frame = lms.launch(fail=[COMMIT[standard]])
    alert = frame.locator("#lms-alert")
    expect(alert).to_have_text(strings["lms_error"])
    assert _commits(lms, standard) == ["false"]
    lms.page.clock.fast_forward(2_100)  # first retry: still refused, the notice stays
    lms.page.wait_for_function(f"window.lmsLog.filter(e => e.call === '{COMMIT[standard]}').length === 2")
    expect(alert).to_have_text(strings["lms_error"])
    lms.page.evaluate("window.lmsFail = []")  # the LMS is back
    lms.page.clock.fast_forward(4_100)  # second retry, 4 s after the first, with no help from the learner
    lms.page.wait_for_function(f"window.lmsLog.filter(e => e.call === '{COMMIT[standard]}').length === 3")
    assert _commits(lms, standard) == ["false", "false", "true"]
    expect(alert).to_have_text(strings["lms_saved"])
    lms.page.clock.fast_forward(4_100)
    expect(alert).to_have_text("")
    location = "cmi.core.lesson_location" if standard == "1.2" else "cmi.location"
    assert lms.page.evaluate(f"window.lmsApi.GetValue ? window.lmsApi.GetValue('{location}') : "
                             f"window.lmsApi.LMSGetValue('{location}')") == packages.course(MODULE)["pages"][0]["id"]
    lms.page.clock.fast_forward(60_000)  # nothing more to retry: the timer saves, nothing fails
    assert "false" not in _commits(lms, standard)[3:]
    assert tab.errors == []


@pytest.mark.parametrize("package_format", ["cmi5", "xapi"])
def test_lrs_outage_is_retried_until_it_recovers(package_format: str, packages: Any, xapi_lms: Any,
                                                 tab: Any) -> None:
    xapi_lms.install(packages.get(MODULE, package_format))
    course, strings = packages.course(MODULE, package_format), packages.strings(MODULE)
    launch = xapi_lms.launch_cmi5() if package_format == "cmi5" else xapi_lms.launch_xapi()
    page = tab.page
    page.goto(launch.url)
    page.wait_for_function("() => window.moduletool && window.moduletool.state().ready")
    xapi_lms.refuse_statements = True
    page.click("#next")  # `experienced` for page 2 cannot be stored
    alert = page.locator("#lms-alert")
    expect(alert).to_have_text(strings["lms_error"], timeout=15_000)
    xapi_lms.refuse_statements = False  # the LRS is back; the learner does nothing
    expect(alert).to_have_text(strings["lms_saved"], timeout=15_000)
    expect(alert).to_have_text("", timeout=10_000)
    stored = [r for r in xapi_lms.requests("/xapi/statements", "POST") if r.session is launch.session]
    assert any(r.status == 503 for r in stored) and stored[-1].status < 300
    assert course["pages"][1]["iri"] in b"".join(r.body for r in stored if r.status < 300).decode()
    assert [e for e in tab.errors if not e.startswith("console: Failed to load resource")] == []


def test_hidden_then_killed_page_has_saved_its_progress(packages: Any, site: Any, lms: Any) -> None:
    site.install_package(packages.get(MODULE))
    course, strings = packages.course(MODULE), packages.strings(MODULE)
    pages = course["pages"]
    page_index = {p["id"]: i for i, p in enumerate(pages)}
    stop = page_index[course["questions"][0]["page"]]
    plan = {q["id"]: plan_answer(q, right=True) for q in course["questions"] if page_index[q["page"]] <= stop}
    lms.open()
    frame = lms.launch()
    walk(frame, course, strings, plan, stop=stop)
    lms.clear_log()
    frame.evaluate(HIDE_JS)  # the learner switches to another app
    assert [e["call"] for e in lms.log()][-1] == "LMSCommit"
    # The phone kills the page: no pagehide, no LMSFinish. The LMS keeps what was committed.
    cmi = lms.cmi()
    visited = [i <= stop for i in range(len(pages))]
    assert cmi["cmi"]["suspend_data"] == encode_state(course, stop, visited, plan)
    assert cmi["cmi"]["core"]["lesson_location"] == pages[stop]["id"]
    lms.open()
    frame = lms.launch(cmi={"core": {"lesson_location": cmi["cmi"]["core"]["lesson_location"],
                                     "lesson_status": "incomplete", "entry": "resume"},
                            "suspend_data": cmi["cmi"]["suspend_data"]})
    expect_on_page(frame, course, strings, stop)
    for answer in plan.values():
        expect_locked(frame, answer)
    assert lms.tab.errors == []


def _render(module: Module, module_dir: Path, target: Path) -> Path:
    for name, data in render_player(RenderRequest(module, module_dir, "en", "scorm12")).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    return target


def test_rebuilt_course_with_a_page_removed_resumes_safely(site: Any, lms: Any, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "modules" / MODULE
    data = yaml.safe_load((source / "module.yaml").read_text(encoding="utf-8"))
    before = Module.model_validate(data)
    stop = 2
    removed = before.pages[stop].id
    assert stop + 1 < len(before.pages)
    site.install_package(_render(before, source, tmp_path / "v1"))
    lms.open()
    frame = lms.launch()
    course = frame.evaluate("window.moduletool.course")
    strings = frame.evaluate("JSON.parse(document.getElementById('moduletool-strings').textContent)")
    walk(frame, course, strings, plan_all(course, set()), stop=stop)
    lms.close()
    old = lms.cmi()["cmi"]
    assert old["core"]["lesson_location"] == removed

    # Version 2: the page the learner stopped on is gone.
    data["pages"] = [page for page in data["pages"] if page["id"] != removed]
    site.install_package(_render(Module.model_validate(data), source, tmp_path / "v2"))
    lms.open()
    frame = lms.launch(cmi={"core": {"lesson_location": old["core"]["lesson_location"],
                                     "lesson_status": old["core"]["lesson_status"], "entry": "resume"},
                            "suspend_data": old["suspend_data"]})
    course = frame.evaluate("window.moduletool.course")
    assert removed not in [page["id"] for page in course["pages"]]
    expect_on_page(frame, course, strings, stop)  # the page that followed the removed one
    state = frame.evaluate("window.moduletool.state()")
    assert state["connected"] and state["answers"] == [None] * len(course["questions"])
    for q in questions_on(course, course["pages"][stop]["id"]):
        give(frame, plan_answer(q, right=True))  # the module works on
    lms.close()
    assert lms.cmi()["cmi"]["core"]["lesson_location"] == course["pages"][stop]["id"]
    assert lms.tab.errors == []


@pytest.mark.parametrize("standard", ["1.2", "2004"])
def test_the_api_is_found_from_a_frame_inside_the_lms_frame(standard: str, packages: Any, site: Any,
                                                             tab: Any) -> None:
    from conftest import LMS

    package_format = "scorm12" if standard == "1.2" else "scorm2004"
    site.install_package(packages.get(MODULE, package_format))
    course = packages.course(MODULE, package_format)
    lms = LMS(tab, site, standard)
    lms.open()
    lms.page.evaluate("options => window.launch(options)", {"standard": standard, "url": "nested.html"})
    lms.page.wait_for_function("() => window.frames[0] && window.frames[0].frames[0] && "
                               "window.frames[0].frames[0].moduletool && window.frames[0].frames[0].moduletool.state().ready")
    frame = lms.page.frame(name="inner")
    assert frame is not None and frame.evaluate("window.moduletool.state().connected")
    frame.click("#next")
    lms.close()
    calls = [entry["call"] for entry in lms.log()]
    assert calls[0] == ("LMSInitialize" if standard == "1.2" else "Initialize")
    assert calls[-1] == ("LMSFinish" if standard == "1.2" else "Terminate")
    location = lms.cmi()["cmi"]["core"]["lesson_location"] if standard == "1.2" else lms.cmi()["cmi"]["location"]
    assert location == course["pages"][1]["id"]
    assert tab.errors == []
