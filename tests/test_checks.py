"""Cross-checks on a module's raw data: ids, references, answers, mastery, media paths and markup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from moduletool.checks import check_module
from moduletool.media import MediaPathError, for_language, resolve_media
from moduletool.render.markdown import find_markup_problems, is_safe_url
from moduletool.yaml_source import parse_yaml

HTML_HINT = ("use Markdown instead (**bold**, *emphasis*, [text](https://…)); for a literal < write `\\<` "
             "(inside double quotes: `\\\\<`)")
LINK_HINT = "links may use https://, http://, mailto: or a relative path inside the module"
IMAGE_HINT = ("use an image block (`type: image`, with `src` and `alt`) after the text, or a link: "
              "[text](address)")
INSIDE_HINT = "write a path relative to module.yaml, inside the module folder, e.g. media/photo.jpg"

MODULE = """\
id: demo
version: "1.0.0"
language: {language}
title: Media
description: Media of every kind.
license: CC-BY-SA-4.0
pages:
  - id: intro
    title: Introduction
    blocks:
      - id: v1
        type: video
        src: {src}
        captions: media/clip.{{lang}}.vtt
"""


def module_dir(tmp_path: Path, *files: str) -> Path:
    folder = tmp_path / "modules" / "demo"
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"WEBVTT\n" if name.endswith(".vtt") else b"data")  # captions are sniffed
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check(text: str, folder: Path, folder_name: str = "demo") -> list[tuple[str, str, str]]:
    """(headline, hint, code) of every cross-check finding."""
    doc = parse_yaml(text, "m.yaml")
    return [(d.headline(), d.hint, d.code) for d in check_module(doc, folder, folder_name)]


# --- media paths and symlinks ---------------------------------------------------------------


def test_media_that_exists_passes(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/clip.mp4", "media/clip.en.vtt")
    assert check(MODULE.format(language="en", src="media/clip.mp4"), folder) == []
    assert resolve_media(folder, "media/clip.mp4") == (folder / "media" / "clip.mp4").resolve()


def test_lang_placeholder_is_resolved_for_the_source_language(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/clip.mp4", "media/clip.fr.vtt")
    assert check(MODULE.format(language="fr", src="media/clip.mp4"), folder) == []
    assert check(MODULE.format(language="de", src="media/clip.mp4"), folder) == [(
        ("m.yaml:14:19: pages[0].blocks[0].captions: `media/clip.{lang}.vtt`: file not found "
        "(for the source language `de`)"), "did you mean `media/clip.fr.vtt`?", "media")]
    assert for_language("media/clip.{lang}.vtt", "pt-BR") == "media/clip.pt-BR.vtt"
    assert for_language("media/{lang}/{lang}.vtt", "ar") == "media/ar/ar.vtt"


def test_a_symlink_leaving_the_module_folder_is_refused(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/clip.fr.vtt")
    outside = tmp_path / "secret.mp4"
    outside.write_bytes(b"not part of the module")
    os.symlink(outside, folder / "media" / "clip.mp4")
    assert check(MODULE.format(language="fr", src="media/clip.mp4"), folder) == [(
        ("m.yaml:13:14: pages[0].blocks[0].src: `media/clip.mp4`: the path leads outside the module folder "
        "(through a symlink)"), "copy the file into the module folder instead of linking to it", "media")]


def test_a_symlinked_folder_leaving_the_module_is_refused(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/clip.fr.vtt")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "clip.mp4").write_bytes(b"x")
    os.symlink(shared, folder / "shared")
    with pytest.raises(MediaPathError) as caught:
        resolve_media(folder, "shared/clip.mp4")
    assert str(caught.value) == "the path leads outside the module folder (through a symlink)"


def test_a_symlink_inside_the_module_folder_is_fine(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/originals/clip.mp4", "media/clip.fr.vtt")
    os.symlink(Path("originals") / "clip.mp4", folder / "media" / "clip.mp4")
    assert check(MODULE.format(language="fr", src="media/clip.mp4"), folder) == []
    assert resolve_media(folder, "media/clip.mp4") == (folder / "media" / "originals" / "clip.mp4").resolve()


def test_a_module_folder_reached_through_a_symlink_still_works(tmp_path: Path) -> None:
    real = module_dir(tmp_path, "media/clip.mp4", "media/clip.fr.vtt")
    alias = tmp_path / "alias"
    os.symlink(real, alias)
    assert check(MODULE.format(language="fr", src="media/clip.mp4"), alias) == []


def test_a_symlink_loop_is_reported_not_raised(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/clip.fr.vtt")
    os.symlink("loop.mp4", folder / "media" / "loop.mp4")
    [(headline, hint, code)] = check(MODULE.format(language="fr", src="media/loop.mp4"), folder)
    assert headline.startswith("m.yaml:13:14: pages[0].blocks[0].src: `media/loop.mp4`: cannot read: ")
    assert (hint, code) == (INSIDE_HINT, "media")


@pytest.mark.parametrize(("reference", "message", "hint"), [
    ("media/clip.mp5", "file not found", "did you mean `media/clip.mp4`?"),
    ("other/clip.mp4", "file not found", INSIDE_HINT),
    ("media", "not a file", INSIDE_HINT),
    ("../demo/media/clip.mp4", "`..` is not allowed in paths", INSIDE_HINT),
    ("media/../media/clip.mp4", "`..` is not allowed in paths", INSIDE_HINT),
    ("/etc/passwd", "absolute paths are not allowed", INSIDE_HINT),
    ("C:/media/clip.mp4", "absolute paths are not allowed", INSIDE_HINT),
    ("media\\clip.mp4", "backslashes are not allowed in paths", "use forward slashes: media/photo.jpg"),
    ("https://example.org/clip.mp4", "media must be files inside the module, not URLs", INSIDE_HINT),
])
def test_bad_media_references(tmp_path: Path, reference: str, message: str, hint: str) -> None:
    folder = module_dir(tmp_path, "media/clip.mp4")
    with pytest.raises(MediaPathError) as caught:
        resolve_media(folder, reference)
    assert (str(caught.value), caught.value.hint) == (message, hint)


# --- ids, references, answers, mastery ----------------------------------------------------------

QUIZ = """\
id: demo
version: "1.0.0"
language: en
title: Quiz
description: Questions.
license: CC-BY-SA-4.0
objectives:
  - {id: adapt-cv, text: Adapt a CV.}
  - {id: rights, text: Know your rights.}
completion: {mastery: MASTERY}
pages:
  - id: quiz
    title: Quiz
    blocks:
      - id: q1
        type: question
        kind: KIND
        objectives: [adapt-cv]
        prompt: Which?
        options:
          - {id: a, text: A, correct: A_CORRECT}
          - {id: b, text: B, correct: B_CORRECT}
"""


def quiz(kind: str = "single", a: str = "true", b: str = "false", mastery: str = "0.8") -> str:
    return (QUIZ.replace("KIND", kind).replace("A_CORRECT", a).replace("B_CORRECT", b)
            .replace("MASTERY", mastery))


def test_a_correct_quiz_passes(tmp_path: Path) -> None:
    folder = module_dir(tmp_path)
    assert check(quiz(), folder) == []
    assert check(quiz("multiple", "true", "true"), folder) == []
    assert check(quiz("likert", "false", "false"), folder) == []  # not graded: the schema judges it


@pytest.mark.parametrize(("kind", "a", "b", "message", "hint"), [
    ("single", "false", "false", "a single-choice question needs exactly one correct option, it has 0",
     "mark one option with `correct: true`"),
    ("single", "true", "true", "a single-choice question needs exactly one correct option, it has 2",
     "use `kind: multiple` if several options are right"),
    ("multiple", "false", "false", "a multiple-choice question needs at least one correct option, it has none",
     "mark the right options with `correct: true`"),
])
def test_correct_answer_counts(tmp_path: Path, kind: str, a: str, b: str, message: str, hint: str) -> None:
    assert check(quiz(kind, a, b), module_dir(tmp_path)) == [
        (f"m.yaml:21:11: pages[0].blocks[0].options: {message}", hint, "correct-count")]


@pytest.mark.parametrize(("mastery", "finding"), [
    ("0.8", None), ("0.75", None), ("1", None), ("0", None), ("0.07", None), ("0.29", None), ("0.57", None),
    ("0.805", "mastery 0.805 is finer than a whole percent"),
    ("0.333", "mastery 0.333 is finer than a whole percent"),
    ("1.5", None), ("-1", None), ("high", None),  # out of range or not a number: the schema reports those
])
def test_mastery_must_be_a_whole_percentage(tmp_path: Path, mastery: str, finding: str | None) -> None:
    expected = [] if finding is None else [
        (f"m.yaml:10:23: completion.mastery: {finding}", "use at most two decimals, e.g. 0.8 or 0.75",
         "mastery-precision")]
    assert check(quiz(mastery=mastery), module_dir(tmp_path)) == expected


def test_objective_references(tmp_path: Path) -> None:
    text = quiz().replace("objectives: [adapt-cv]", "objectives: [adapt-vc, rights, team-work]")
    assert check(text, module_dir(tmp_path)) == [
        ("m.yaml:18:22: pages[0].blocks[0].objectives[0]: unknown objective `adapt-vc`",
         "did you mean `adapt-cv`?", "unknown-objective"),
        ("m.yaml:18:40: pages[0].blocks[0].objectives[2]: unknown objective `team-work`",
         "known objectives: adapt-cv, rights", "unknown-objective"),
    ]


def test_duplicate_ids_name_the_first_use(tmp_path: Path) -> None:
    text = quiz().replace("{id: rights,", "{id: adapt-cv,").replace("{id: b,", "{id: a,") + """\
  - id: quiz
    title: Again
    blocks:
      - {id: q1, type: text, text: Same id.}
"""
    assert check(text, module_dir(tmp_path)) == [
        ("m.yaml:9:10: objectives[1].id: duplicate objective id `adapt-cv` (first used on line 8)",
         "every id must be unique: results and translations are linked to it", "duplicate-id"),
        ("m.yaml:22:18: pages[0].blocks[0].options[1].id: duplicate option id `a` (first used on line 21)",
         "every id must be unique: results and translations are linked to it", "duplicate-id"),
        ("m.yaml:23:9: pages[1].id: duplicate page id `quiz` (first used on line 12)",
         "every id must be unique: results and translations are linked to it", "duplicate-id"),
        ("m.yaml:26:14: pages[1].blocks[0].id: duplicate block id `q1` (first used on line 15)",
         "every id must be unique: results and translations are linked to it", "duplicate-id"),
    ]


def test_options_may_reuse_ids_across_questions(tmp_path: Path) -> None:
    text = quiz() + """\
      - id: q2
        type: question
        kind: single
        prompt: Again?
        options:
          - {id: a, text: A, correct: true}
          - {id: b, text: B}
"""
    assert check(text, module_dir(tmp_path)) == []


def test_the_id_must_match_the_folder(tmp_path: Path) -> None:
    assert check(quiz(), module_dir(tmp_path), folder_name="job-search") == [
        ("m.yaml:1:5: id: the id `demo` differs from the folder name `job-search`",
         "rename the folder to `demo` or set `id: job-search`", "id-folder")]


@pytest.mark.parametrize("text", [
    "",
    "- a list\n",
    "id: 5\npages: intro\n",
    "pages: [1, [2], {blocks: text}]\n",
    "pages:\n  - blocks: [{options: yes, objectives: cv, kind: single, type: question}]\n",
    "pages:\n  - blocks:\n      - {type: question, kind: single, options: [1, {correct: true}, {id: [x]}]}\n",
    "objectives: {cv: 1}\ncompletion: [0.8]\npages:\n  - blocks: [{type: image, src: [a]}, {type: text, text: [b]}]\n",
])
def test_malformed_modules_are_left_to_the_schema(tmp_path: Path, text: str) -> None:
    assert check(text, module_dir(tmp_path)) == []


def test_checks_run_when_the_schema_fails(tmp_path: Path) -> None:
    """`validate` reports schema errors and cross-check findings together."""
    text = quiz().replace("title: Quiz\n", "title: 42\n", 1).replace("kind: single", "kind: single\n        extra: 1")
    assert [c for _, _, c in check(text.replace("{id: b,", "{id: a,"), module_dir(tmp_path))] == ["duplicate-id"]


# --- markup ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Hello **world**, *you* and `<code>`.", []),
    ("a < b and c > d", []),
    ("\\<b> is escaped", []),
    ("a &lt;b&gt; entity", []),
    ("    <b>indented code</b>", []),
    ("```\n<b>fenced code</b>\n```", []),
    ("a </b> closing tag alone", []),
    ("a <b>bold</b> word", [("raw HTML is not allowed: `<b>`", HTML_HINT, "<b>")]),
    ("<a href='x'>y</a>", [("raw HTML is not allowed: `<a href='x'>`", HTML_HINT, "<a href='x'>")]),
    ("x <!-- draft --> y", [("raw HTML is not allowed: `<!-- draft -->`", HTML_HINT, "<!-- draft -->")]),
    ("Intro.\n\n<div>\nblock\n</div>", [("raw HTML is not allowed: `<div>`", HTML_HINT, "<div>")]),
    ("One.\n\nTwo <span>x</span>.", [("raw HTML is not allowed: `<span>`", HTML_HINT, "<span>")]),
    ("- item\n- item <em>x</em>", [("raw HTML is not allowed: `<em>`", HTML_HINT, "<em>")]),
    ("<p>" + "x" * 60 + "</p>", [("raw HTML is not allowed: `<p>" + "x" * 37 + "`", HTML_HINT, "<p>" + "x" * 37)]),
    ("[ok](https://example.org) [mail](mailto:a@example.org) [here](media/a.pdf) [top](#intro)", []),
    ("<https://example.org>", []),
    ("[a](javascript:alert(1))", [("link `javascript:alert(1)` is not allowed", LINK_HINT, "javascript:alert(1)")]),
    ("[a](JavaScript:alert(1))", [("link `JavaScript:alert(1)` is not allowed", LINK_HINT, "JavaScript:alert(1)")]),
    ("<javascript:alert(1)>", [("link `javascript:alert(1)` is not allowed", LINK_HINT, "javascript:alert(1)")]),
    ("![logo](data:image/png;base64,AAAA)",
     [("link `data:image/png;base64,AAAA` is not allowed", LINK_HINT, "data:image/png;base64,AAAA")]),
    ("![logo](https://example.org/logo.png)",
     [("pictures inside text are not supported: `https://example.org/logo.png`", IMAGE_HINT,
       "https://example.org/logo.png")]),
    ("See ![chart](media/chart.png).",
     [("pictures inside text are not supported: `media/chart.png`", IMAGE_HINT, "media/chart.png")]),
    ("[up](../other/index.html)", [("link `../other/index.html` is not allowed", LINK_HINT, "../other/index.html")]),
    ("[root](/etc/passwd)", [("link `/etc/passwd` is not allowed", LINK_HINT, "/etc/passwd")]),
    ("[host](//evil.example)", [("link `//evil.example` is not allowed", LINK_HINT, "//evil.example")]),
    ("[ref][r]\n\n[r]: javascript:x", [("link `javascript:x` is not allowed", LINK_HINT, "javascript:x")]),
    ("[x](https://example.org/" + "a" * 80 + ")", []),
    ("[x](ftp://example.org/" + "a" * 80 + ")",
     [("link `ftp://example.org/" + "a" * 42 + "` is not allowed", LINK_HINT, "ftp://example.org/" + "a" * 80)]),
    ("a <b>x</b> and <i>y</i>", [("raw HTML is not allowed: `<b>`", HTML_HINT, "<b>"),
                                 ("raw HTML is not allowed: `<i>`", HTML_HINT, "<i>")]),
])
def test_find_markup_problems(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(p.message, p.hint, p.snippet) for p in find_markup_problems(text)] == expected


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org", True), ("HTTP://example.org", True), ("mailto:a@example.org", True),
    ("media/a.pdf", True), ("page.html#part", True), ("#intro", True), ("?q=1", True),
    ("ftp://example.org", False), ("javascript:alert(1)", False), ("JAVASCRIPT:x", False),
    (" javascript:x", False), ("java\nscript:x", False), ("vbscript:x", False), ("data:text/html,x", False),
    ("file:///etc/passwd", False), ("tel:+3212345", False),
    ("../b", False), ("a/../b", False), ("/b", False), ("//b", False), ("\\\\server\\b", False),
    ("a\\b", False), ("", False), ("   ", False), ("http://[::1", False),
])
def test_is_safe_url(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe


def test_markup_problems_are_located_in_the_yaml(tmp_path: Path) -> None:
    text = quiz().replace("prompt: Which?", "prompt: |\n          Which one?\n\n          Pick <b>one</b>.") \
                 .replace("{id: b, text: B,", "{id: b, text: '[B](javascript:x)',")
    assert check(text, module_dir(tmp_path)) == [
        ("m.yaml:22:16: pages[0].blocks[0].prompt: raw HTML is not allowed: `<b>`", HTML_HINT, "markup"),
        ("m.yaml:25:32: pages[0].blocks[0].options[1].text: link `javascript:x` is not allowed", LINK_HINT,
         "markup"),
    ]


MARKUP = """\
id: demo
version: "1.0.0"
language: en
title: Markup
description: Markup problems.
license: CC-BY-SA-4.0
pages:
  - id: intro
    title: Introduction
    blocks:
      - id: p1
        type: text
        text: TEXT
"""


def markup_findings(tmp_path: Path, text: str) -> list[str]:
    return [headline for headline, _, _ in check(MARKUP.replace("TEXT", text), module_dir(tmp_path))]


def test_markup_problems_point_at_their_own_line_and_column(tmp_path: Path) -> None:
    text = "|\n          line one\n          line two <i>x</i>\n          line three [a](vbscript:x)"
    assert markup_findings(tmp_path, text) == [
        "m.yaml:15:20: pages[0].blocks[0].text: raw HTML is not allowed: `<i>`",
        "m.yaml:16:26: pages[0].blocks[0].text: link `vbscript:x` is not allowed",
    ]


def test_markup_problems_in_quoted_text_with_escapes(tmp_path: Path) -> None:
    assert markup_findings(tmp_path, '"Line one\\n<b>two</b>"') == [
        "m.yaml:13:26: pages[0].blocks[0].text: raw HTML is not allowed: `<b>`"]


def test_the_same_tag_twice_is_reported_twice_where_it_is(tmp_path: Path) -> None:
    text = "|\n          A <b>first</b> one.\n\n          A <b>second</b> one."
    assert markup_findings(tmp_path, text) == [
        "m.yaml:14:13: pages[0].blocks[0].text: raw HTML is not allowed: `<b>`",
        "m.yaml:16:13: pages[0].blocks[0].text: raw HTML is not allowed: `<b>`",
    ]


def test_a_link_is_quoted_and_located_as_written(tmp_path: Path) -> None:
    assert markup_findings(tmp_path, '"[a](javascript:alert(\'é\'))"') == [
        "m.yaml:13:20: pages[0].blocks[0].text: link `javascript:alert('é')` is not allowed"]


def test_identifiers_and_paths_are_not_checked_as_markup(tmp_path: Path) -> None:
    folder = module_dir(tmp_path, "media/a<b>.mp4", "media/clip.en.vtt")
    assert check(MODULE.format(language="en", src="'media/a<b>.mp4'"), folder) == []
