"""`moduletool i18n extract`: one .pot entry per translatable text, keyed on stable ids, stable bytes."""

from __future__ import annotations

import os
from pathlib import Path

from gettext_tools import assert_all_clean, assert_gettext_clean
from i18n_support import EPOCH_DATE, POT, by_context, catalog, edit_module, fails, i18n, mini, ok

from moduletool.i18n.contexts import is_media_entry

GOLDEN = Path(__file__).parent / "golden" / "mini-course.pot"

MINI_CONTEXTS = [
    "mini-course:title",
    "mini-course:description",
    "mini-course:keywords/0",
    "mini-course:keywords/1",
    "mini-course:objectives/welcome/text",
    "mini-course:start/title",
    "mini-course:start/intro/text",
    "mini-course:start/map/src",
    "mini-course:start/map/alt",
    "mini-course:start/note/text",
    "mini-course:check/title",
    "mini-course:check/q-buddy/prompt",
    "mini-course:check/q-buddy/buddy/text",
    "mini-course:check/q-buddy/buddy/feedback",
    "mini-course:check/q-buddy/nobody/text",
    "mini-course:check/q-buddy/nobody/feedback",
    "mini-course:check/q-plan/prompt",
    "mini-course:check/q-word/prompt",
    "mini-course:check/q-word/answers/0",
    "mini-course:check/q-word/answers/1",
]


def test_template_matches_golden(tmp_path: Path) -> None:
    project = mini(tmp_path)
    report = ok(project, "extract")
    assert report["files"] == [{"module": "mini-course", "lang": None, "file": str(POT), "action": "created",
                                "entries": 20, "translated": 0, "fuzzy": 0, "untranslated": 20, "obsolete": 0}]
    text = (project / POT).read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), \
        "template changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"
    assert_gettext_clean(project / POT)


def test_every_text_once_in_reading_order_with_stable_contexts(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "extract")
    template = catalog(project / POT)
    assert [e.msgctxt for e in template.entries] == MINI_CONTEXTS
    entries = by_context(project / POT)
    assert entries["mini-course:check/q-buddy/buddy/feedback"].msgid == "Yes."
    assert entries["mini-course:description"].msgid == "A short module on the **first day** of a newly arrived colleague."
    assert all(e.references == ["modules/mini-course/module.yaml"] for e in template.entries)
    assert all(e.msgstr == "" and not e.flags for e in template.entries)
    # Names of people and identifiers are not for translators.
    assert not {"moduletool test fixtures", "mini-course", "CC-BY-SA-4.0", "PT10M"} & {e.msgid for e in template.entries}


def test_comments_tell_translators_what_each_text_is(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "extract")
    entries = by_context(project / POT)
    alt = entries["mini-course:start/map/alt"].extracted_comments
    assert alt[0].startswith("Image alt text")
    assert any("Markdown" in c for c in entries["mini-course:start/intro/text"].extracted_comments)
    assert not any("Markdown" in c for c in alt)
    assert entries["mini-course:check/q-plan/prompt"].extracted_comments[0] == "Question prompt (true or false)"
    assert "localised copy" in entries["mini-course:start/map/src"].extracted_comments[0]
    assert [c for c in entries if c and is_media_entry(c)] == ["mini-course:start/map/src"]


def test_header(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "extract")
    template = catalog(project / POT)
    assert template.get("Project-Id-Version") == "mini-course 2.1.0"
    assert template.get("Language") == ""
    assert template.get("Content-Type") == "text/plain; charset=UTF-8"
    assert template.get("POT-Creation-Date") == EPOCH_DATE
    assert template.get("X-Source-Language") == "en"


MEDIA_MODULE = """\
id: media
version: "1.0"
language: en
title: Media
description: |
  First paragraph.

  Second paragraph.
license: CC-BY-SA-4.0
pages:
  - id: p
    title: Page
    blocks:
      - {id: v, type: video, src: media/v.mp4, captions: "media/v.{lang}.vtt", title: A film}
      - {id: a, type: audio, src: media/a.mp3, transcript: Hello there.}
      - id: c
        type: callout
        style: tip
        title: Tip
        text: |
          Block scalar text.
      - id: d
        type: download
        src: media/d.txt
        title: A file
"""


def test_media_paths_with_a_language_placeholder_are_not_offered(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(MEDIA_MODULE, module_id="media", media={
        "v.mp4": b"v", "v.en.vtt": b"WEBVTT\n", "a.mp3": b"a", "d.txt": b"d"})
    ok(project, "extract")
    entries = by_context(project / "translations/templates/media.pot")
    assert "media:p/v/captions" not in entries  # {lang} already chooses the file per language
    for context in ("media:p/v/src", "media:p/a/src", "media:p/d/src"):
        assert "change only to point at a localised copy" in entries[context].extracted_comments[0]
    assert entries["media:p/a/transcript"].msgid == "Hello there."
    # The final line break of a YAML block scalar is not part of the text.
    assert entries["media:p/c/text"].msgid == "Block scalar text."
    assert entries["media:description"].msgid == "First paragraph.\n\nSecond paragraph."
    assert_all_clean(project)


def test_a_date_only_change_does_not_rewrite_the_template(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "extract", epoch="1700000000")
    before = (project / POT).read_bytes()
    stamp = (project / POT).stat().st_mtime_ns
    report = ok(project, "extract", epoch="1800000000")
    assert report["files"][0]["action"] == "unchanged"
    assert (project / POT).read_bytes() == before and (project / POT).stat().st_mtime_ns == stamp
    edit_module(project, "Nobody", "No one")
    assert ok(project, "extract", epoch="1800000000")["files"][0]["action"] == "updated"
    assert catalog(project / POT).get("POT-Creation-Date") == "2027-01-15 08:00+0000"


def test_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = mini(tmp_path / "a"), mini(tmp_path / "b")
    for project in (first, second):
        ok(project, "extract")
        ok(project, "init", "--lang", "fr")
        ok(project, "update")
    for name in ("translations/templates/mini-course.pot", "translations/fr/mini-course.po"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_no_stray_temporary_files(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "extract")
    ok(project, "init", "--lang", "fr")
    names = sorted(p.name for p in (project / "translations").rglob("*") if p.is_file())
    assert names == ["mini-course.po", "mini-course.pot"]


def test_an_invalid_module_is_refused_with_its_diagnostics(tmp_path: Path) -> None:
    project = mini(tmp_path)
    edit_module(project, "alt: A floor plan", "alt_text: A floor plan")
    stderr = fails(project, "extract")
    assert "modules/mini-course/module.yaml:" in stderr and "alt_text" in stderr
    assert "not extracted: mini-course" in stderr
    assert not (project / POT).exists()


def test_an_unknown_module_is_a_located_error(tmp_path: Path) -> None:
    stderr = fails(mini(tmp_path), "extract", "mini-cours")
    assert "mini-cours: no such module" in stderr and "did you mean `mini-course`?" in stderr


def test_a_context_used_twice_is_a_located_error(make_project) -> None:  # type: ignore[no-untyped-def]
    module = MEDIA_MODULE.replace("  - id: p\n", "  - id: objectives\n").replace(
        "license: CC-BY-SA-4.0\n", "license: CC-BY-SA-4.0\nobjectives:\n  - {id: c, text: An objective}\n")
    module = module.replace("        title: Tip\n", "")
    project = make_project(module, module_id="media", media={
        "v.mp4": b"v", "v.en.vtt": b"WEBVTT\n", "a.mp3": b"a", "d.txt": b"d"})
    result = i18n(project, "extract")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "modules/media/module.yaml:" in result.stderr
    assert "translation context `media:objectives/c/text` is used twice" in result.stderr


def test_a_callout_without_style_is_extracted(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(MEDIA_MODULE.replace("        style: tip\n", ""), module_id="media", media={
        "v.mp4": b"v", "v.en.vtt": b"WEBVTT\n", "a.mp3": b"a", "d.txt": b"d"})
    ok(project, "extract")
    assert "media:p/c/text" in by_context(project / "translations/templates/media.pot")
