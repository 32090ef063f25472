"""Every file in tests/bad_modules/ is a broken module pinned to the exact messages it must produce.

A case is `<name>.yaml` (or `<name>.bin` for bytes that are not UTF-8). It starts with a header:

    # expect: modules/bad/module.yaml:LINE:COL: field: message     (one per diagnostic, in order)
    # hint: the hint printed under the diagnostic just above        (optional)
    # note: why the case exists                                     (optional, ignored)

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
HEADER = re.compile(rb"^# (expect|hint|note): ?(.*)$")
HEADLINE = re.compile(r"^modules/bad/module\.yaml(:\d+(:\d+)?)?: ")
UPDATE = os.environ.get("MODULETOOL_UPDATE_BAD_MODULES") == "1"


@dataclass
class Case:
    path: Path
    expected: list[tuple[str, str | None]]
    """(headline, hint or None when the case does not pin it), in output order."""
    notes: list[str]
    body: bytes


def read_case(path: Path) -> Case:
    lines = path.read_bytes().split(b"\n")
    expected: list[tuple[str, str | None]] = []
    notes: list[str] = []
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
        else:
            notes.append(text)
    return Case(path, expected, notes, b"\n".join(lines[count:]))


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
                          text=True, timeout=120)


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


def test_the_corpus_is_large_and_every_case_expects_something() -> None:
    assert len(CASES) >= 40
    for path in CASES:
        case = read_case(path)
        assert case.expected or UPDATE, f"{path.name} has no `# expect:` line"
        assert case.body.strip(b"\n") or path.stem.startswith("empty"), f"{path.name} has no module text"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_module(path: Path, tmp_path: Path) -> None:
    case = read_case(path)
    result = run(write_project(case, tmp_path))
    found, summary = parse_diagnostics(result.stderr)
    if UPDATE:
        rewrite_header(case, found)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert summary == f"{len(found)} problem(s) in 1 of 1 module(s)"
    for headline, _ in found:
        assert HEADLINE.match(headline), f"not a located diagnostic: {headline!r}"
    assert [h for h, _ in found] == [h for h, _ in case.expected]
    pinned = [(h, hint) for h, hint in case.expected if hint is not None]
    assert [(h, dict(found)[h]) for h, _ in pinned] == pinned


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_module_as_json(path: Path, tmp_path: Path) -> None:
    """`--format json` reports the same diagnostics, as JSON only, and exits 1."""
    case = read_case(path)
    result = run(write_project(case, tmp_path), "--format", "json")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [module] = report["modules"]
    assert (module["id"], module["file"], module["ok"]) == ("bad", "modules/bad/module.yaml", False)
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
