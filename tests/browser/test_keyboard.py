"""A whole module with the keyboard alone, under an LMS, with the package's Content-Security-Policy on.

The learner never touches a mouse: Tab and Shift+Tab to move, Space to tick, the arrow keys inside
a group of radio buttons, typing into text fields, Enter to check an answer and to turn the page.
Every question is answered right; at the end the LMS (scorm-again) must hold the completion the
module's rule gives. On every page change focus lands on the new page's heading and the polite
live region announces "Page x of y: title".

Runs for every module and language of the sample project and the demo module (which has every
question kind), in the SCORM 1.2 and 2004 packages, where the test LMS tells what was recorded, and
in the offline web version, which a learner opens with no LMS at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from learner import Answer, expect_locked, expected_score, expected_status, plan_all, questions_on
from playwright.sync_api import expect
from sample_packages import PackageId, sample_package_ids

MAX_TABS = 120

_FOCUSED_JS = """() => {
  const e = document.activeElement;
  const form = e && e.closest ? e.closest('form[data-question]') : null;
  return {id: e ? e.id : '', tag: e ? e.tagName.toLowerCase() : '', type: (e && e.type) || '',
          value: (e && e.value) || '', checked: Boolean(e && e.checked),
          question: form ? form.getAttribute('data-question') : '',
          check: Boolean(e && e.classList && e.classList.contains('check-button'))};
}"""


def _focused(frame: Any) -> dict[str, Any]:
    focused: dict[str, Any] = frame.evaluate(_FOCUSED_JS)
    return focused


def _tab_to(page: Any, frame: Any, wanted: Any, what: str, key: str = "Tab") -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focused = _focused(frame)
        if wanted(focused):
            return focused
    pytest.fail(f"{key} never reached {what} (last focus: {_focused(frame)})", pytrace=False)


def _answer(page: Any, frame: Any, answer: Answer) -> None:
    qid = answer.question["id"]
    kind = answer.question["kind"]
    inside = f"question {qid}"
    if kind == "fill-in":
        _tab_to(page, frame, lambda f: f["question"] == qid and f["type"] == "text", f"the text field of {inside}")
        page.keyboard.type(answer.typed or "")
    elif kind == "multiple":
        focused = _tab_to(page, frame, lambda f: f["question"] == qid and f["type"] == "checkbox",
                          f"the first box of {inside}")
        for _ in answer.question["options"]:
            if focused["value"] in answer.tick:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
            focused = _focused(frame)
            if focused["type"] != "checkbox":
                break
    else:  # radio buttons: Space ticks the first, the arrow keys move the choice
        focused = _tab_to(page, frame, lambda f: f["question"] == qid and f["type"] == "radio",
                          f"the choices of {inside}")
        if not focused["checked"]:
            page.keyboard.press("Space")
        for _ in answer.question.get("options") or [True, False]:
            if _focused(frame)["value"] == answer.tick[0]:
                break
            page.keyboard.press("ArrowDown")
        assert _focused(frame)["value"] == answer.tick[0] and _focused(frame)["checked"], inside
    _tab_to(page, frame, lambda f: f["question"] == qid and f["check"], f"the check button of {inside}")
    page.keyboard.press("Enter")
    expect_locked(frame, answer)
    # The verdict is announced: it appears inside a polite live region (role=status).
    region = frame.evaluate("""qid => { const f = document.querySelector(`#q-${qid} .feedback`);
        return [f.getAttribute('role'), f.getAttribute('aria-live'),
                [...f.children].filter(p => !p.hidden).map(p => p.textContent.trim()).join(' ')]; }""", qid)
    assert region[:2] == ["status", "polite"] and region[2], (inside, region)


STANDARDS = {"scorm12": "1.2", "scorm2004": "2004"}
WITHOUT_LMS = "web"


@pytest.mark.parametrize("key", [k for k in sample_package_ids() if k.format in {*STANDARDS, WITHOUT_LMS}], ids=str)
def test_a_whole_module_with_the_keyboard_only(key: PackageId, sample_packages: Any, site: Any, tab: Any) -> None:
    from conftest import LMS

    course, strings = sample_packages.course(key), sample_packages.strings(key)
    pages = course["pages"]
    plan = plan_all(course, set())
    lms = None
    if key.format == WITHOUT_LMS:
        page = frame = tab.page
        page.goto(sample_packages.index_url(key))
    else:
        site.install_package(sample_packages.dir(key))
        lms = LMS(tab, site, STANDARDS[key.format])
        lms.open()
        frame = lms.launch()
        page = lms.page
    _tab_to(page, frame, lambda f: f["id"] == "" and f["tag"] == "a", "the skip link")
    page.keyboard.press("Enter")  # skip to the content
    for index, entry in enumerate(pages):
        for q in questions_on(course, entry["id"]):
            _answer(page, frame, plan[q["id"]])
        _tab_to(page, frame, lambda f: f["id"] == "next", f"Next on page {index + 1}")
        page.keyboard.press("Enter")
        if index == len(pages) - 1:
            break
        arrived = pages[index + 1]
        expect(frame.locator(f"#page-{arrived['id']}")).to_be_visible()
        assert _focused(frame)["id"] == f"title-{arrived['id']}", f"focus after turning to page {index + 2}"
        expect(frame.locator("#announcer")).to_have_text(
            strings["page_changed"].format(current=index + 2, total=len(pages), title=arrived["title"]))
    # Shift+Tab goes back the same way: from Finish to Previous.
    _tab_to(page, frame, lambda f: f["id"] == "previous", "Previous", key="Shift+Tab")
    status = expected_status(course, [True] * len(pages), plan)
    expect(frame.locator("#outcome p").first).to_be_visible()
    assert frame.evaluate("window.moduletool.state().status") == status
    if lms is None:
        assert tab.errors == []
        return
    lms.close()
    cmi = lms.cmi()["cmi"]
    score = expected_score(course, plan)
    if key.format == "scorm12":
        assert cmi["core"]["lesson_status"] == status
        recorded_score = cmi["core"]["score"]["raw"]
    else:
        assert cmi["completion_status"] == "completed"
        assert cmi["success_status"] == (status if status in ("passed", "failed") else "unknown")
        recorded_score = cmi["score"]["raw"]
    if score is not None:
        assert recorded_score == str(score)
    assert lms.tab.errors == []
