"""Accessibility of every package the sample project ships, checked by axe-core on every page.

For each module × language × format (sample_packages.py) one page load walks the whole module with
the player's own Next button at 320 CSS pixels with reduced motion requested, and on every page
runs axe-core's WCAG 2.0/2.1 A and AA rules, then answers the page's questions (one of them wrong,
the first one first submitted empty) and runs them again on the feedback; the result shown after
Finish is checked too. On the way: no sideways scrolling, touch targets of at least 44 × 44 px,
a captions track on every video. A failure lists every problem with the rule, the element and
the module/language/format/page it was found on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe import inject, violations
from layout import horizontal_overflow, small_targets
from learner import plan_all, questions_on
from playwright.sync_api import expect
from sample_packages import PackageId, sample_package_ids
from tabs import open_tab

PHONE = {"width": 320, "height": 640}

# Ticks or types the planned answer and submits it as the Check button does; the player's answer
# handling is exercised by the end-to-end and keyboard tests, here only its result is looked at.
_ANSWER_JS = """([qid, tick, typed]) => {
    const form = document.getElementById('q-' + qid);
    if (typed !== null) form.querySelector('input[type=text]').value = typed;
    for (const input of form.querySelectorAll('input[type=radio], input[type=checkbox]')) {
        input.checked = tick.includes(input.value);
    }
    form.requestSubmit(form.querySelector('.check-button'));
    return form.getAttribute('data-result');
}"""

_UNCAPTIONED_VIDEOS_JS = """() => [...document.querySelectorAll('video')]
    .filter(v => !v.querySelector('track[kind=captions][src]'))
    .map(v => (v.closest('[id]') || v).id)"""


@pytest.fixture(scope="module")
def axe_tab(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """One tab for the whole file; axe-core needs the package's CSP bypassed (see axe.py)."""
    context, page, errors = open_tab(browser, bypass_csp=True, viewport=PHONE, reduced_motion="reduce")
    yield page, errors
    context.close()


def _walk_and_check(page: Any, key: PackageId, course: dict[str, Any]) -> list[str]:
    graded = [q["id"] for q in course["questions"] if q["graded"]]
    plan = plan_all(course, set(graded[:1]))  # one wrong answer: both kinds of feedback are checked
    problems = [f"{key}: video without a captions track in {block}" for block in page.evaluate(_UNCAPTIONED_VIDEOS_JS)]
    pages = course["pages"]
    first_question = course["questions"][0]["id"] if course["questions"] else None
    for index, entry in enumerate(pages):
        where = f"{key} page {index + 1} `{entry['id']}`"
        problems += violations(page, where)
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"{where}: scrolls sideways by {overflow}px at {PHONE['width']}px")
        problems += [f"{where}: touch target under 44x44px: {small}" for small in small_targets(page)]
        questions = questions_on(course, entry["id"])
        for q in questions:
            if q["id"] == first_question:  # the "please answer first" state
                page.locator(f"#q-{q['id']} .check-button").click()
                expect(page.locator(f"#q-{q['id']} .feedback-required")).to_be_visible()
                problems += violations(page, f"{where} with an empty answer submitted")
            answer = plan[q["id"]]
            assert page.evaluate(_ANSWER_JS, [q["id"], list(answer.tick), answer.typed]) == answer.result, where
        if questions:
            problems += violations(page, f"{where} after answering")
        page.locator("#next").click()
        if index < len(pages) - 1:
            page.wait_for_function(f"window.moduletool.state().page === {index + 1}")
    expect(page.locator("#outcome p").first).to_be_visible()
    problems += violations(page, f"{key} result after Finish")
    return problems


@pytest.mark.parametrize("key", sample_package_ids(), ids=str)
def test_every_page_passes_axe_fits_a_phone_and_has_large_targets(
        key: PackageId, sample_packages: Any, axe_tab: tuple[Any, list[str]]) -> None:
    page, errors = axe_tab
    errors.clear()
    page.goto(sample_packages.index_url(key))
    page.wait_for_function("window.moduletool && window.moduletool.state().ready")
    inject(page)
    problems = _walk_and_check(page, key, sample_packages.course(key))
    assert problems == [], "\n".join(problems)
    assert errors == [], errors


def test_axe_reports_what_it_finds(sample_packages: Any, axe_tab: tuple[Any, list[str]]) -> None:
    """The engine really runs: an unlabelled field and an image without alt text are reported, with
    the rule, the element and the place."""
    page, _ = axe_tab
    key = sample_package_ids()[0]
    page.goto(sample_packages.index_url(key))
    page.wait_for_function("window.moduletool && window.moduletool.state().ready")
    page.evaluate("""() => { const main = document.querySelector('section.page:not([hidden])');
        const field = document.createElement('input'); field.type = 'text'; main.appendChild(field);
        const image = document.createElement('img'); image.src = 'missing.png'; main.appendChild(image); }""")
    inject(page)
    found = violations(page, f"{key} page 1")
    assert any(line.startswith(f"{key} page 1: label ") and "<input" in line for line in found), found
    assert any(line.startswith(f"{key} page 1: image-alt ") and "<img" in line for line in found), found
