"""No script injection into learners' browsers: XSS payloads in every text field, and in translations.

What the build refuses (raw HTML in Markdown, links to `javascript:`, `data:`, `vbscript:`…) must
be refused with a located message. What it accepts (the same payloads as plain text: in plain
fields as they are, in Markdown fields inside code spans or with entities) must come out as inert
text: every page of the built packages (web and scorm12, source language and a French
translation whose every msgstr is a payload) is loaded in Chromium with a `window.__xss` hook
that every payload would call, and the test asserts that nothing called it, that no dialog
opened, that no element carries an event-handler attribute or a script URL, and that the
payloads are visible as text. The packages are opened from file:// without any
Content-Security-Policy, so the escaping itself is what is tested; the CSP is a second wall.
"""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "i18n"))

from i18n_support import catalog
from support.projects import run_moduletool

from moduletool.i18n.catalog_io import write_catalog

HOOK = "window.__xss.push"
PAYLOADS = [
    f"<script>{HOOK}('script')</script>",
    f"<img src=x onerror={HOOK}('img')>",
    f"<svg onload={HOOK}('svg')>",
    f"\"><img src=x onerror={HOOK}('dquote')>",
    f"'><svg/onload={HOOK}('squote')>",
    f"\" autofocus onfocus=\"{HOOK}('attr')\" x=\"",
    f"</script><script>{HOOK}('json')</script>",
    f"</textarea><script>{HOOK}('textarea')</script>",
    f"<!--<script>{HOOK}('comment')</script>-->",
    f"<iframe srcdoc=\"<script>parent.{HOOK}('srcdoc')</script>\">",
    f"<a href=\"javascript:{HOOK}('href')\">x</a>",
    f"javascript:{HOOK}('bare')",
    f"<math><mtext><table><mglyph><style><img src=x onerror={HOOK}('mxss')>",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}",
    f"＜script＞{HOOK}('fullwidth')＜/script＞",
    f"\u202e<img src=x onerror={HOOK}('bidi')>",
]
"""Each one calls the hook (or evaluates 7*7) if it ever runs; none contains a backtick or a newline."""


def as_markdown(payload: str) -> str:
    """The payload as inert Markdown: a code span, which the build accepts and must escape."""
    return f"Code: `{payload}` and text"


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def xss_module(n: int) -> str:
    """A module with a payload in every text field, the next one in each field, starting from payload `n`."""
    turn = iter(range(n, n + 1000))

    def md() -> str:
        return q(as_markdown(PAYLOADS[next(turn) % len(PAYLOADS)]))

    def plain() -> str:
        return q(PAYLOADS[next(turn) % len(PAYLOADS)])

    return f"""\
id: xss
version: "1.0.0"
language: en
title: {plain()}
description: {md()}
license: CC0-1.0
keywords: [{plain()}]
authors: [{plain()}]
objectives:
  - {{id: o1, text: {plain()}}}
completion: {{require: all-pages, mastery: 0.5}}
pages:
  - id: one
    title: {plain()}
    blocks:
      - {{id: t1, type: text, text: {md()}}}
      - {{id: i1, type: image, src: media/photo.png, alt: {plain()}, caption: {md()}}}
      - {{id: c1, type: callout, style: warning, title: {md()}, text: {md()}}}
      - {{id: d1, type: download, src: media/sheet.txt, title: {md()}, description: {md()}}}
  - id: two
    title: {plain()}
    blocks:
      - id: q1
        type: question
        kind: single
        prompt: {md()}
        options:
          - {{id: a, text: {md()}, correct: true, feedback: {md()}}}
          - {{id: b, text: {md()}, feedback: {md()}}}
        feedback: {{correct: {md()}, incorrect: {md()}}}
      - id: q2
        type: question
        kind: fill-in
        prompt: {md()}
        answers: [{plain()}, {plain()}]
      - id: q3
        type: question
        kind: likert
        prompt: {md()}
        options:
          - {{id: l1, text: {md()}}}
          - {{id: l2, text: {md()}}}
"""


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
                    "53de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def make_project(root: Path, module_text: str) -> Path:
    (root / "modules/xss/media").mkdir(parents=True)
    (root / "moduletool.yaml").write_text("source_language: en\nlanguages: [fr]\n", encoding="utf-8")
    (root / "modules/xss/module.yaml").write_text(module_text, encoding="utf-8")
    (root / "modules/xss/media/photo.png").write_bytes(PNG)
    (root / "modules/xss/media/sheet.txt").write_text("A sheet.\n", encoding="utf-8")
    return root


def env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "300", "SOURCE_DATE_EPOCH": "1700000000"}


# --- what the build refuses ------------------------------------------------------------------

REFUSED_MARKDOWN = [
    (f"<img src=x onerror={HOOK}(1)>", "raw HTML"),
    (f"<script>{HOOK}(1)</script>", "raw HTML"),
    (f"<svg onload={HOOK}(1)>", "raw HTML"),
    (f"[click](javascript:{HOOK}(1))", "link"),
    (f"[click](JaVaScRiPt:{HOOK}(1))", "link"),
    (f"[click](java&#115;cript:{HOOK}(1))", "link"),
    ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "link"),
    ("[click](vbscript:msgbox(1))", "link"),
    (f"![x](javascript:{HOOK}(1))", "link"),
    (f"<javascript:{HOOK}(1)>", ""),
    ("[click](file:///etc/passwd)", "link"),
]
"""Markdown the build must refuse, with a word its message must contain."""


@pytest.mark.parametrize("payload,word", REFUSED_MARKDOWN, ids=[p for p, _ in REFUSED_MARKDOWN])
def test_raw_html_and_unsafe_links_are_refused_in_every_markdown_field(payload: str, word: str,
                                                                        tmp_path: Path) -> None:
    text = xss_module(0)
    for code_span in {as_markdown(x) for x in PAYLOADS}:
        text = text.replace(q(code_span), q(payload))
    project = make_project(tmp_path, text)
    result = run_moduletool("validate", cwd=project, env=env())
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    located = [line for line in result.stderr.splitlines() if line.startswith("modules/xss/module.yaml:")]
    markdown_fields = text.count(q(payload))
    assert len(located) >= markdown_fields, result.stderr  # every field is reported, each with its line
    if word:
        assert all(word in line for line in located), result.stderr


def test_raw_html_in_a_translation_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, xss_module(0))
    assert run_moduletool("i18n", "init", "--lang", "fr", cwd=project, env=env()).returncode == 0
    path = project / "translations/fr/xss.po"
    po = catalog(path)
    for entry in po.entries:
        if entry.msgctxt == "xss:one/t1/text":
            entry.msgstr = f"<img src=x onerror={HOOK}('po')> [x](javascript:{HOOK}('po'))"
        elif entry.msgctxt and not entry.msgstr:
            entry.msgstr = entry.msgid
    write_catalog(path, po)
    check = run_moduletool("i18n", "check", "--lang", "fr", cwd=project, env=env())
    assert check.returncode == 1 and "translations/fr/xss.po:" in check.stderr, check.stderr
    build = run_moduletool("build", "-f", "web", "--lang", "fr", cwd=project, env=env())
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stderr
    assert not list((project / "dist").rglob("*.zip")) if (project / "dist").exists() else True


# --- what the build accepts runs nothing ----------------------------------------------------

def translate_with_payloads(project: Path) -> None:
    """A French catalog whose every text is a payload (code spans where the source is Markdown)."""
    assert run_moduletool("i18n", "init", "--lang", "fr", cwd=project, env=env()).returncode == 0
    path = project / "translations/fr/xss.po"
    po = catalog(path)
    for index, entry in enumerate(po.entries):
        if not entry.msgctxt or entry.msgctxt.endswith(("/src", "/captions", "/poster")):
            continue
        payload = PAYLOADS[index % len(PAYLOADS)]
        entry.msgstr = as_markdown(payload) if "`" in entry.msgid else payload
    write_catalog(path, po)


def build(project: Path, package_format: str, lang: str) -> Path:
    result = run_moduletool("build", "-f", package_format, "--lang", lang, cwd=project, env=env())
    assert result.returncode == 0, result.stdout + result.stderr
    [package] = (project / "dist" / "xss" / lang).glob(f"*-{package_format}.zip")
    unpacked = project / "unpacked" / f"{lang}-{package_format}"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(unpacked)
    return unpacked


INSPECT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href', 'data'].includes(name) &&
          /^(javascript|vbscript|data:text\\/html)/.test(value)) bad.push(`${el.tagName} ${name}=${value}`);
    }
    if (['SCRIPT'].includes(el.tagName) && !el.src && el.type !== 'application/json') bad.push('inline script');
    if (['IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE'].includes(el.tagName.toUpperCase())) bad.push(el.tagName);
  }
  return {bad, calls: window.__xss, text: document.body.innerText};
}"""


def visit_every_page(browser: Any, index_html: Path) -> tuple[list[str], str]:
    """Load the package and press Next through every page; (problems found, all text seen)."""
    context = browser.new_context()
    context.add_init_script("window.__xss = []; window.alert = window.confirm = window.prompt = "
                            "(...a) => window.__xss.push('dialog:' + a.join());")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.goto(index_html.as_uri())
    page.wait_for_load_state("load")
    texts: list[str] = []
    for _ in range(10):
        page.wait_for_timeout(100)
        found = page.evaluate(INSPECT)
        problems += [f"element: {b}" for b in found["bad"]] + [f"ran: {c}" for c in found["calls"]]
        texts.append(found["text"])
        following = page.locator("#next")
        if not following.count() or not following.is_enabled() or "page-two" in page.evaluate(
                "() => [...document.querySelectorAll('section[id^=page-]')].filter(s => !s.hidden)"
                ".map(s => s.id).join()"):
            break
        following.click()
    for question in page.locator("form[id^=q-]").all():  # answer, to show feedback text too
        for box in question.locator("input[type=radio], input[type=checkbox]").all()[:1]:
            box.check(force=True)
        for field in question.locator("input[type=text]").all():
            field.fill(PAYLOADS[1])
        question.locator(".check-button").click(force=True)
    found = page.evaluate(INSPECT)
    problems += [f"element: {b}" for b in found["bad"]] + [f"ran: {c}" for c in found["calls"]]
    texts.append(found["text"])
    context.close()
    return problems, "\n".join(texts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The XSS module built as web and scorm12, in English and in the all-payload French."""
    project = make_project(tmp_path_factory.mktemp("xss"), xss_module(0))
    translate_with_payloads(project)
    check = run_moduletool("i18n", "check", "--lang", "fr", cwd=project, env=env())
    assert check.returncode == 0, check.stderr
    return {(fmt, lang): build(project, fmt, lang) for fmt in ("web", "scorm12") for lang in ("en", "fr")}


@pytest.mark.parametrize("package_format", ["web", "scorm12"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_payload_runs_in_any_page(browser: Any, built: dict[tuple[str, str], Path], package_format: str,
                                     lang: str) -> None:
    problems, text = visit_every_page(browser, built[(package_format, lang)] / "index.html")
    assert problems == []
    assert "onerror=window.__xss.push" in text, "the payloads must be shown, as text"
    assert "{{ 7*7 }}" in text and "49" not in text.replace("1.0.0", ""), "templates must not evaluate text"


def test_the_source_module_really_carries_every_payload() -> None:
    """So that a passing browser test means something: every payload lands in some field."""
    texts = "".join(xss_module(n) for n in range(len(PAYLOADS)))
    for payload in PAYLOADS:
        assert q(payload) in texts or q(as_markdown(payload)) in texts, payload


def test_every_generated_module_is_accepted(tmp_path: Path) -> None:
    for n in range(0, len(PAYLOADS), 4):
        project = make_project(tmp_path / str(n), xss_module(n))
        result = run_moduletool("validate", cwd=project, env=env())
        assert result.returncode == 0, (n, result.stderr)
        shutil.rmtree(project)


def test_the_inspection_catches_a_payload_that_runs(browser: Any, tmp_path: Path) -> None:
    """The same visit on a page with a real injection reports it: the hook, the dialog and the elements."""
    page = tmp_path / "index.html"
    page.write_text(f"<!doctype html><body><p>{PAYLOADS[1]}</p><a href=\"javascript:x()\">x</a>"
                    "<script>alert('hi')</script></body>", encoding="utf-8")
    problems, _ = visit_every_page(browser, page)
    assert "ran: img" in problems
    assert "ran: dialog:hi" in problems
    assert "element: IMG onerror" in problems and "element: A href=javascript:x()" in problems
    assert "element: inline script" in problems
