"""A right-to-left build in the browser: the document says `dir="rtl"` and the layout mirrors.

The package is built the way a user builds it: `moduletool i18n init --lang ar`, a complete and
reviewed Arabic catalog (written here), `moduletool build --lang ar`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from moduletool.i18n.catalog_io import read_catalog, write_catalog

MODULE = "player-demo"
SOURCE = Path(__file__).resolve().parent / "modules" / MODULE
ARABIC = "بالعربية: "
"""Put before every source text: Arabic words first make each paragraph right-to-left by itself too."""
KEEP = ("/answers/",)
"""Accepted fill-in answers stay as they are (a network's name, a code)."""
WIDTHS = [320, 1024]


def _moduletool(project: Path, *args: str) -> None:
    command = [str(Path(sys.executable).with_name("moduletool")), "-C", str(project), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"`moduletool {' '.join(args)}` failed (exit {result.returncode}):\n{result.stderr}",
                    pytrace=False)


@pytest.fixture(scope="module")
def arabic_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rtl")
    project = root / "project"
    shutil.copytree(SOURCE, project / "modules" / MODULE)
    (project / "moduletool.yaml").write_text("source_language: en\nlanguages: [ar]\nformats: [scorm12]\n",
                                             encoding="utf-8")
    _moduletool(project, "i18n", "init", "--lang", "ar", MODULE)
    path = project / "translations" / "ar" / f"{MODULE}.po"
    catalog = read_catalog(path, str(path))
    for entry in catalog.entries:
        context = entry.msgctxt or ""
        if context.rsplit("/", 1)[-1] in ("src", "poster", "captions"):
            continue  # the same media file in every language
        entry.msgstr = entry.msgid if any(part in context for part in KEEP) else ARABIC + entry.msgid
    write_catalog(path, catalog)
    _moduletool(project, "build", MODULE, "--lang", "ar")
    [package] = (project / "dist" / MODULE / "ar").glob(f"{MODULE}-*-ar-scorm12.zip")  # a release, not a draft
    unpacked = root / "package"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
    return unpacked


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def rtl_page(request: pytest.FixtureRequest, arabic_package: Path, site: Any, browser: Any) -> Iterator[Any]:
    site.install_package(arabic_package)
    context = browser.new_context(viewport={"width": request.param, "height": 640})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site.url}/sco/index.html")
    page.wait_for_function("window.moduletool && window.moduletool.state()")
    yield page
    assert errors == []
    context.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


def _horizontal_overflow(page: Any) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_document_is_arabic_and_right_to_left(rtl_page: Any) -> None:
    root = rtl_page.locator("html")
    expect(root).to_have_attribute("dir", "rtl")
    expect(root).to_have_attribute("lang", "ar")
    assert rtl_page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(rtl_page.locator("#next")).to_have_text("التالي")
    expect(rtl_page.locator("#previous")).to_have_text("السابق")
    expect(rtl_page.locator("#lms-alert")).to_have_text("لم يُعثر على منصة تعلّم: لن يُحفظ تقدّمك.")
    expect(rtl_page.locator(".page-title").first).to_have_text(ARABIC + "Getting started")
    assert rtl_page.locator(".draft-banner").count() == 0


def test_navigation_is_mirrored(rtl_page: Any) -> None:
    """Next (forward) sits to the left of Previous, and the arrows point the way the page turns."""
    next_box, previous_box = _box(rtl_page, "#next"), _box(rtl_page, "#previous")
    assert next_box["x"] + next_box["width"] <= previous_box["x"]
    pager = _box(rtl_page, ".pager")
    assert next_box["x"] - pager["x"] < previous_box["x"] - pager["x"]
    arrow = "([selector, pseudo]) => getComputedStyle(document.querySelector(selector), pseudo).content"
    assert "\u2190" in rtl_page.evaluate(arrow, ["#next", "::after"])        # ← forward, in Arabic
    assert "\u2192" in rtl_page.evaluate(arrow, ["#previous", "::before"])   # → back


def test_text_starts_on_the_right(rtl_page: Any) -> None:
    main = _box(rtl_page, "main")
    padding = rtl_page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).paddingRight)")
    text = rtl_page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('.page-title'));
        const box = range.getBoundingClientRect();
        return {left: box.left, right: box.right};
    }""")
    assert abs(text["right"] - (main["x"] + main["width"] - padding)) <= 1
    assert text["left"] > main["x"] + padding


def test_every_page_fits_and_borders_follow_the_reading_direction(rtl_page: Any) -> None:
    pages = rtl_page.evaluate("window.moduletool.course.pages.length")
    callouts_seen = 0
    for index in range(pages):
        assert _horizontal_overflow(rtl_page) <= 0, f"page {index + 1} scrolls sideways"
        callouts = rtl_page.locator("section.page:not([hidden]) .callout")
        if callouts.count():
            callouts_seen += 1
            widths = callouts.first.evaluate(
                "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
            assert widths[0] != "0px" and widths[1] == "0px", "the callout's accent border is not on the right"
        if index < pages - 1:
            rtl_page.click("#next")
            rtl_page.wait_for_function(f"window.moduletool.state().page === {index + 1}")
    assert callouts_seen == 1
    assert rtl_page.evaluate("document.getElementById('next').classList.contains('is-last')")
    assert rtl_page.evaluate("getComputedStyle(document.getElementById('next'), '::after').content") == "none"
