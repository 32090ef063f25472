"""Every file in tests/bad_modules/ is a broken module pinned to the exact messages it must produce.

A case is `<name>.yaml` (or `<name>.bin` for bytes that are not UTF-8). It starts with a header:

    # expect: modules/bad/module.yaml:LINE:COL: field: message     (one per diagnostic, in order)
    # hint: the hint printed under the diagnostic just above        (optional)
    # note: why the case exists                                     (optional, ignored)
    # xfail: the bug in src/ that makes the tool print something else (optional)

A case marked `# xfail:` pins the message the tool *should* print; it runs as a strict xfail, so
it starts failing (XPASS) the day the bug is fixed, and the marker must then be removed.

The header is removed and the rest is written as `modules/bad/module.yaml` of a fresh project, so
line numbers count from the first line after the header. The module folder always gets
`media/photo.jpg`, `media/clip.mp4` and `media/clip.en.vtt`; a sibling folder `<name>.media/`
is copied over `media/` for cases that need other files. The real console script is run in a
subprocess, as an author would run it.

To see what the tool prints now, run with MODULETOOL_UPDATE_BAD_MODULES=1: the headers are
rewritten from the current output (notes kept). Read every rewritten line before keeping it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

CASES_DIR = Path(__file__).parent / "bad_modules"
MODULETOOL = Path(sys.executable).parent / "moduletool"
DEFAULT_MEDIA = {"photo.jpg": b"\xff\xd8\xff\xe0 jpeg", "clip.mp4": b"\x00\x00\x00\x18ftypmp42",
                 "clip.en.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"}
HEADER = re.compile(rb"^# (expect|hint|note|xfail): ?(.*)$")
HEADLINE = re.compile(r"^modules/bad/module\.yaml(:\d+(:\d+)?)?: ")
UPDATE = os.environ.get("MODULETOOL_UPDATE_BAD_MODULES") == "1"


@dataclass
class Case:
    path: Path
    expected: list[tuple[str, str | None]]
    """(headline, hint or None when the case does not pin it), in output order."""
    notes: list[str]
    body: bytes
    xfail: str = ""


def read_case(path: Path) -> Case:
    lines = path.read_bytes().split(b"\n")
    expected: list[tuple[str, str | None]] = []
    notes: list[str] = []
    xfail = ""
    count = 0
    for line in lines:
        match = HEADER.match(line)
        if not match:
            break
        count += 1
        kind, text = match.group(1).decode(), match.group(2).decode("utf-8")
        if kind == "expect":
            expected.append((text, None))
        elif kind == "hint":
            assert expected and expected[-1][1] is None, f"{path.name}: `# hint:` must follow its `# expect:`"
            expected[-1] = (expected[-1][0], text)
        elif kind == "xfail":
            xfail = text
        else:
            notes.append(text)
    return Case(path, expected, notes, b"\n".join(lines[count:]), xfail)


def write_project(case: Case, root: Path) -> Path:
    (root / "moduletool.yaml").write_text("source_language: en\n", encoding="utf-8")
    folder = root / "modules" / "bad"
    (folder / "media").mkdir(parents=True)
    for name, content in DEFAULT_MEDIA.items():
        (folder / "media" / name).write_bytes(content)
    extra = case.path.with_suffix(".media")
    if extra.is_dir():
        shutil.copytree(extra, folder / "media", dirs_exist_ok=True)
    (folder / "module.yaml").write_bytes(case.body)
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "300"}
    return subprocess.run([str(MODULETOOL), "validate", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def parse_diagnostics(stderr: str) -> tuple[list[tuple[str, str | None]], str]:
    """The printed diagnostics as (headline, hint) pairs, and the summary line."""
    lines = stderr.rstrip("\n").split("\n")
    summary, body = lines[-1], lines[:-1]
    found: list[tuple[str, str | None]] = []
    for line in body:
        if line.startswith("  hint: "):
            assert found and found[-1][1] is None, f"a hint without its diagnostic: {line!r}"
            found[-1] = (found[-1][0], line.removeprefix("  hint: "))
        else:
            assert not line.startswith("  "), f"unexpected indented line: {line!r}"
            found.append((line, None))
    return found, summary


def rewrite_header(case: Case, found: list[tuple[str, str | None]]) -> None:
    header = [f"# note: {note}" for note in case.notes]
    for headline, hint in found:
        header.append(f"# expect: {headline}")
        if hint is not None:
            header.append(f"# hint: {hint}")
    case.path.write_bytes("\n".join(header).encode() + b"\n" + case.body)


CASES = sorted([*CASES_DIR.glob("*.yaml"), *CASES_DIR.glob("*.bin")])
PARAMS = [pytest.param(path, id=path.stem, marks=[pytest.mark.xfail(strict=True, reason=read_case(path).xfail)]
                       if read_case(path).xfail else []) for path in CASES]


def json_module_report(result: subprocess.CompletedProcess[str]) -> dict:
    """The one module's entry of a failed `validate --format json` run, after the checks every run shares."""
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [module] = report["modules"]
    assert (module["id"], module["file"], module["ok"]) == ("bad", "modules/bad/module.yaml", False)
    return module


def test_the_corpus_is_large_and_every_case_expects_something() -> None:
    assert len(CASES) >= 40
    for path in CASES:
        case = read_case(path)
        assert case.expected or UPDATE, f"{path.name} has no `# expect:` line"
        assert case.body.strip(b"\n") or path.stem.startswith("empty"), f"{path.name} has no module text"


@pytest.mark.parametrize("path", PARAMS)
def test_bad_module(path: Path, tmp_path: Path) -> None:
    case = read_case(path)
    result = run(write_project(case, tmp_path))
    found, summary = parse_diagnostics(result.stderr)
    if UPDATE and not case.xfail:
        rewrite_header(case, found)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert summary == f"{len(found)} problem(s) in 1 of 1 module(s)"
    for headline, _ in found:
        assert HEADLINE.match(headline), f"not a located diagnostic: {headline!r}"
    assert [h for h, _ in found] == [h for h, _ in case.expected]
    assert [(h, printed) for (h, printed), (_, pinned) in zip(found, case.expected) if pinned is not None] == [
        (h, pinned) for h, pinned in case.expected if pinned is not None]


@pytest.mark.parametrize("path", PARAMS)
def test_bad_module_as_json(path: Path, tmp_path: Path) -> None:
    """`--format json` reports the same diagnostics, as JSON only, and exits 1."""
    case = read_case(path)
    result = run(write_project(case, tmp_path), "--format", "json")
    module = json_module_report(result)
    rebuilt = []
    for d in module["diagnostics"]:
        where = ":".join(str(part) for part in (d["file"], d["line"], d["column"]) if part)
        rebuilt.append(": ".join(part for part in (where, d["field"], d["message"]) if part))
    assert rebuilt == [h for h, _ in case.expected]
    for d, (_, hint) in zip(module["diagnostics"], case.expected):
        assert set(d) == {"file", "line", "column", "field", "severity", "code", "message", "hint"}
        assert d["severity"] == "error" and d["code"]
        if hint is not None:
            assert d["hint"] == hint


FIVE_MISTAKES = """\
id: bad
version: "1.0.0"
language: en
title: Five mistakes
description: A module with five mistakes of different kinds.
license: CC-BY-SA-4.0
pages:
  - id: intro
    title: Introduction
    blocks:
      - id: p1
        type: text
        text: Hello **world**.
      - id: fig1
        type: image
        src: media/photo.jpg
        alt: A photo of a CV.
        captoin: A CV.
      - id: fig2
        type: image
        src: media/photo.jpg
      - id: p1
        type: text
        text: Hello again.
  - id: quiz
    title: 42
    blocks:
      - id: fig3
        type: image
        src: media/cv.png
        alt: A CV.
"""
"""An unknown key, a missing alt text, a duplicate id, a number for a title and a missing file."""

FIVE_EXPECTED = [
    ("modules/bad/module.yaml:18:9: pages[0].blocks[1].captoin: unknown key `captoin`",
     "did you mean `caption`?"),
    ("modules/bad/module.yaml:19:9: pages[0].blocks[2].alt: alt text is required",
     "describe what the picture shows, or add `decorative: true` if it adds nothing to the text"),
    ("modules/bad/module.yaml:22:13: pages[0].blocks[3].id: duplicate block id `p1` (first used on line 11)",
     "every id must be unique: results and translations are linked to it"),
    ("modules/bad/module.yaml:26:12: pages[1].title: expected text, got a number",
     'put the value in quotes: "42"'),
    ("modules/bad/module.yaml:30:14: pages[1].blocks[0].src: `media/cv.png`: file not found",
     "write a path relative to module.yaml, inside the module folder, e.g. media/photo.jpg"),
]


def test_five_mistakes_are_reported_at_once(make_project) -> None:
    root = make_project(FIVE_MISTAKES, module_id="bad")
    result = run(root)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    found, summary = parse_diagnostics(result.stderr)
    assert found == FIVE_EXPECTED
    assert summary == "5 problem(s) in 1 of 1 module(s)"


def test_five_mistakes_as_json(make_project) -> None:
    root = make_project(FIVE_MISTAKES, module_id="bad")
    result = run(root, "--format", "json")
    module = json_module_report(result)
    assert [(d["line"], d["column"], d["field"], d["code"]) for d in module["diagnostics"]] == [
        (18, 9, "pages[0].blocks[1].captoin", "extra-forbidden"),
        (19, 9, "pages[0].blocks[2].alt", "alt-required"),
        (22, 13, "pages[0].blocks[3].id", "duplicate-id"),
        (26, 12, "pages[1].title", "string-type"),
        (30, 14, "pages[1].blocks[0].src", "media"),
    ]
    for d, (headline, hint) in zip(module["diagnostics"], FIVE_EXPECTED, strict=True):
        assert d["file"] == "modules/bad/module.yaml"
        assert d["severity"] == "error"
        assert headline.endswith(f": {d['field']}: {d['message']}")
        assert d["hint"] == hint


def test_a_valid_module_passes(make_project) -> None:
    result = run(make_project(module_id="bad"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "✓ 1 module(s) valid\n")


def edit_module(root: Path, module_id: str, old: str, new: str) -> None:
    path = root / "modules" / module_id / "module.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_language_no_is_norwegian_not_false(make_project) -> None:
    """Only true/false are booleans: `language: no` is the tag for Norwegian."""
    root = make_project(module_id="bad")
    edit_module(root, "bad", "language: en", "language: no")
    result = run(root)
    assert (result.returncode, result.stderr) == (0, "✓ 1 module(s) valid\n")


def test_every_module_of_a_project_is_reported(make_project) -> None:
    """Two broken modules: both are reported, in module order, and the summary counts both."""
    make_project(FIVE_MISTAKES, module_id="bad")
    root = make_project(module_id="other")
    edit_module(root, "other", "title: A small module", "titel: A small module")
    result = run(root)
    found, summary = parse_diagnostics(result.stderr)
    assert result.returncode == 1
    assert [h for h, _ in found] == [h for h, _ in FIVE_EXPECTED] + [
        "modules/other/module.yaml:4:1: titel: unknown key `titel`",
    ]
    assert summary == "6 problem(s) in 2 of 2 module(s)"
