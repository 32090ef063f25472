"""The bad-input corpus: every kind of file moduletool reads, broken or hostile, pinned to its message.

`tests/bad_inputs/<kind>/<case>` holds one bad input each; `tests/bad_inputs/expected.yaml` pins,
per case, the first line the tool prints: a located message (`file:line:col: …`). Inputs too
big or too odd to keep in git (zip bombs, a 600 MB sparse video, a symlink out of the module)
are made by the recipes in `tests/bad_inputs/recipes.py` and pinned the same way.

Each case is written into a fresh project where that kind of file belongs and the command that
reads it runs as a real process. Every case must end with exit code 1, no traceback, and the
pinned line, which must name the file it is about.

| kind | the input becomes | command |
|---|---|---|
| module | `modules/bad/module.yaml` | `validate` |
| config | `moduletool.yaml` (beside a valid module) | `validate` |
| po | `translations/fr/mini-course.po` of the mini project | `i18n check --lang fr` |
| pot | `translations/templates/mini-course.pot` (no French `.po` yet) | `i18n stats --lang fr` |
| glossary | `translations/glossaries/en-fr.csv` | `i18n mt --lang fr` |
| xliff | `agency.xlf` beside a French `.po` | `i18n import-xliff agency.xlf` |
| media | a file in `modules/bad/media/`, referenced by an image, captions or download | `validate` |
| zip | `package.zip` | `check package.zip` |

To see what the tool prints now, run with MODULETOOL_UPDATE_BAD_INPUTS=1: expected.yaml is
rewritten from the current output. Read every changed line before keeping it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))

from recipes import RECIPES
from support.projects import FIXTURES, MODULETOOL

CORPUS = Path(__file__).parent / "bad_inputs"
EXPECTED_FILE = CORPUS / "expected.yaml"
UPDATE = os.environ.get("MODULETOOL_UPDATE_BAD_INPUTS") == "1"
KINDS = ("module", "config", "po", "pot", "glossary", "xliff", "media", "zip")

MEDIA_MODULE = """\
id: bad
version: "1.0.0"
language: en
title: Media
description: A module with one bad media file.
license: CC-BY-SA-4.0
pages:
  - id: intro
    title: Introduction
    blocks:
{block}
"""
MEDIA_BLOCKS = {
    "image": "      - {{id: b1, type: image, src: media/{name}, alt: A picture.}}",
    "captions": "      - {{id: b1, type: video, src: media/clip.mp4, captions: media/{name}}}",
    "download": "      - {{id: b1, type: download, src: media/{name}, title: The form}}",
}
VALID_MEDIA = {"clip.mp4": b"\x00\x00\x00\x18ftypmp42", "clip.en.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"}
LOCATION = {"module": "modules/bad/module.yaml", "config": "moduletool.yaml",
            "po": "translations/fr/mini-course.po", "pot": "translations/templates/mini-course.pot",
            "glossary": "translations/glossaries/en-fr.csv", "xliff": "agency.xlf",
            "media": "modules/bad/module.yaml", "zip": "package.zip"}
"""The file every message of a kind must point at."""


@dataclass(frozen=True)
class Case:
    name: str
    """`kind/file name`, the key in expected.yaml."""

    @property
    def kind(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def file_name(self) -> str:
        return self.name.split("/", 1)[1]

    def data(self) -> bytes | None:
        """The input's bytes, or None for recipes (which write into the project themselves)."""
        path = CORPUS / self.name
        return path.read_bytes() if path.is_file() else None


def all_cases() -> list[Case]:
    on_disk = [f"{kind}/{p.name}" for kind in KINDS for p in sorted((CORPUS / kind).glob("*")) if p.is_file()]
    return [Case(name) for name in sorted({*on_disk, *RECIPES})]


CASES = all_cases()
EXPECTED: dict[str, str] = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8")) or {}


def _minimal_module() -> str:
    return MEDIA_MODULE.format(block=MEDIA_BLOCKS["image"].format(name="photo.jpg"))


def write_input(case: Case, root: Path) -> list[str]:
    """Make the project for `case` in `root`; return the command line that reads the bad input."""
    data = case.data()
    kind = case.kind
    if kind in {"po", "pot", "glossary", "xliff"}:
        shutil.copytree(FIXTURES / "mini", root, dirs_exist_ok=True)
        (root / "moduletool.yaml").write_text("source_language: en\nlanguages: [fr]\n", encoding="utf-8")
    else:
        (root / "moduletool.yaml").write_text("source_language: en\n", encoding="utf-8")
        (root / "modules" / "bad" / "media").mkdir(parents=True)
        (root / "modules/bad/media/photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\xff\xd9")
        for name, content in VALID_MEDIA.items():
            (root / "modules/bad/media" / name).write_bytes(content)
        (root / "modules/bad/module.yaml").write_text(_minimal_module(), encoding="utf-8")
    target = {"module": "modules/bad/module.yaml", "config": "moduletool.yaml", "po": LOCATION["po"],
              "pot": LOCATION["pot"], "glossary": LOCATION["glossary"], "xliff": "agency.xlf",
              "zip": "package.zip"}.get(kind)
    if kind == "media":
        block = "captions" if case.file_name.endswith(".vtt") else "download" if case.file_name.endswith(
            ".pdf") else "image"
        (root / "modules/bad/module.yaml").write_text(
            MEDIA_MODULE.format(block=MEDIA_BLOCKS[block].format(name=case.file_name)), encoding="utf-8")
        target = f"modules/bad/media/{case.file_name}"
    assert target is not None
    path = root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        RECIPES[case.name](path)
    else:
        path.write_bytes(data)
    if kind == "xliff":
        run(root, "i18n", "init", "--lang", "fr", check=True)
    if kind == "pot":
        shutil.rmtree(root / "translations" / "fr", ignore_errors=True)
    return {"module": ["validate"], "config": ["validate"], "media": ["validate"],
            "po": ["i18n", "check", "--lang", "fr"], "pot": ["i18n", "stats", "--lang", "fr"],
            "glossary": ["i18n", "mt", "--lang", "fr"], "xliff": ["i18n", "import-xliff", "agency.xlf"],
            "zip": ["check", "package.zip"]}[kind]


def run(root: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("DEEPL_")}
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "300", "SOURCE_DATE_EPOCH": "1700000000"})
    result = subprocess.run([str(MODULETOOL), *args], cwd=root, env=env, capture_output=True, text=True,
                            timeout=300, check=False)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def first_problem(stderr: str) -> str:
    """The first line of the first diagnostic (progress and notes before it are skipped)."""
    for line in stderr.splitlines():
        if re.match(r"^\S[^ ]*(:\d+(:\d+)?)?: ", line) and not line.startswith("waiting for"):
            return line
    return stderr.splitlines()[0] if stderr.strip() else ""


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 150
    for kind in KINDS:
        assert sum(1 for case in CASES if case.kind == kind) >= 5, f"too few `{kind}` cases"
    assert sorted(EXPECTED) == sorted(case.name for case in CASES) or UPDATE, \
        "expected.yaml and the corpus disagree: run with MODULETOOL_UPDATE_BAD_INPUTS=1 and review"


_found: dict[str, str] = {}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    command = write_input(case, root)
    result = run(root, *command)
    output = result.stdout + result.stderr
    line = first_problem(result.stderr)
    _found[case.name] = line
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    assert re.match(re.escape(LOCATION[case.kind]) + "[:!]", line), f"not located in {LOCATION[case.kind]}: {line!r}"
    if not UPDATE:
        assert line == EXPECTED.get(case.name), output


def teardown_module() -> None:
    if UPDATE and _found:
        merged = {**EXPECTED, **_found}
        known = {case.name for case in CASES}
        EXPECTED_FILE.write_text(yaml.safe_dump({k: v for k, v in sorted(merged.items()) if k in known},
                                                allow_unicode=True, width=10_000, sort_keys=True),
                                 encoding="utf-8")

