"""The sample catalog is what a new user sees first, so it must hold to what the README promises.

Every module under `modules/` is checked as a course a partnership would publish: valid, fully
translated and reviewed in every language of `moduletool.yaml` (no machine drafts, nothing fuzzy,
`msgfmt -c` clean), 4-8 pages with objectives, pictures with alt text, a captioned video in every
language, a graded quiz of at least six questions of three kinds, a reflection prompt and a Likert
survey at the end, CC BY-SA 4.0 with a version, and a CREDITS.md naming every media file. Each
video's transcript, its `media-src` source and its caption files must say the same thing in every
language. A module added later is checked the same way without touching this file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.projects import REPO, copy_sample_project, run_moduletool

from moduletool.project import Project

PROJECT = Project.find(REPO)
MODULE_IDS = [source.id for source in PROJECT.all_modules()]
LANGUAGES = [lang for lang in PROJECT.config.languages if lang != PROJECT.config.source_language]
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def _cli_json(*args: str) -> dict[str, Any]:
    result = run_moduletool(*args, "--format", "json", cwd=REPO)
    assert result.returncode == 0, f"moduletool {' '.join(args)} exit {result.returncode}:\n{result.stdout}\n{result.stderr}"
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _module(module_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "modules" / module_id / "module.yaml").read_text(encoding="utf-8"))
    return data


def _blocks(module: dict[str, Any], block_type: str) -> list[dict[str, Any]]:
    return [block for page in module["pages"] for block in page["blocks"] if block["type"] == block_type]


def test_the_catalog_has_five_modules_in_three_languages() -> None:
    assert len(MODULE_IDS) >= 5, MODULE_IDS
    assert PROJECT.config.source_language == "en" and {"fr", "ar"} <= set(LANGUAGES)


def test_every_module_validates() -> None:
    report = _cli_json("validate")
    assert report["ok"] and sorted(m["id"] for m in report["modules"]) == MODULE_IDS


def test_every_translation_is_complete_and_reviewed() -> None:
    stats = _cli_json("i18n", "stats")
    files = {(f["module"], f["lang"]): f for f in stats["files"]}
    for module_id in MODULE_IDS:
        for lang in LANGUAGES:
            counts = files.get((module_id, lang))
            assert counts is not None and not counts["missing"], f"{module_id} has no {lang} translation"
            where = f"{module_id} {lang}"
            assert counts["percent"] == 100.0, f"{where}: {counts['percent']}% translated"
            assert counts["fuzzy"] == 0 and counts["machine_draft"] == 0, f"{where}: fuzzy or machine drafts left"
            assert counts["machine_translation"]["unreviewed"] == 0, f"{where}: unreviewed machine drafts"
    assert _cli_json("i18n", "check")["ok"]


def test_every_po_file_passes_msgfmt_check() -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt (GNU gettext) is missing: `make test-setup` installs it", pytrace=False)
    for module_id in MODULE_IDS:
        for lang in LANGUAGES:
            po = REPO / "translations" / lang / f"{module_id}.po"
            result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True,
                                    check=False)
            assert result.returncode == 0, f"msgfmt -c {po.relative_to(REPO)}:\n{result.stderr}"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_has_what_a_published_course_needs(module_id: str) -> None:
    module = _module(module_id)
    assert module["license"] == "CC-BY-SA-4.0"
    assert SEMVER.match(str(module["version"])), module["version"]
    assert 4 <= len(module["pages"]) <= 8, f"{len(module['pages'])} pages"
    assert module.get("objectives"), "no objectives"
    images = _blocks(module, "image")
    assert images and all(image.get("alt") or image.get("decorative") for image in images)
    questions = _blocks(module, "question")
    graded = [q for q in questions if q["kind"] != "likert" and q.get("graded", True)]
    assert len(graded) >= 6, f"{len(graded)} graded questions"
    assert len({q["kind"] for q in graded}) >= 3, sorted({q["kind"] for q in graded})
    last_page = module["pages"][-1]["blocks"]
    assert any(b["type"] == "question" and b["kind"] == "likert" for b in last_page), "no Likert survey at the end"
    assert any(b["type"] == "callout" and "reflect" in b["id"] for b in last_page), "no reflection prompt at the end"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_every_video_has_captions_in_every_language(module_id: str) -> None:
    folder = REPO / "modules" / module_id
    videos = _blocks(_module(module_id), "video")
    assert videos, "no video"
    for video in videos:
        assert "{lang}" in video["captions"], f"{video['id']}: one caption file for every language"
        for lang in [PROJECT.config.source_language, *LANGUAGES]:
            captions = folder / video["captions"].replace("{lang}", lang)
            assert captions.is_file(), f"{video['id']}: no {lang} captions ({captions.name})"
            assert captions.read_text(encoding="utf-8").startswith("WEBVTT"), captions.name


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_credits_name_every_media_file(module_id: str) -> None:
    folder = REPO / "modules" / module_id
    credits = (folder / "CREDITS.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in credits
    # A row may name several files of one family: `media/x.en.vtt`, `.fr.vtt`, `.ar.vtt`.
    named = set(re.findall(r"`(media/[^`]+)`", credits))
    for row in re.findall(r"`media/([^`.]+)\.[^`]+`((?:, `\.[^`]+`)+)", credits):
        stem, more = row
        named |= {f"media/{stem}{suffix}" for suffix in re.findall(r"`(\.[^`]+)`", more)}
    media = sorted(path.relative_to(folder).as_posix() for path in (folder / "media").iterdir())
    unnamed = [path for path in media if path not in named]
    assert unnamed == [], f"{module_id}/CREDITS.md does not list {unnamed}"


def test_a_module_missing_a_translation_would_be_caught(tmp_path: Path) -> None:
    """The stats check above can fail: the same command on a copy without one .po reports it missing."""
    project = copy_sample_project(tmp_path / "project")
    (project / "translations" / LANGUAGES[0] / f"{MODULE_IDS[0]}.po").unlink()
    result = run_moduletool("i18n", "stats", "--format", "json", cwd=project)
    files = {(f["module"], f["lang"]): f for f in json.loads(result.stdout)["files"]}
    assert files[(MODULE_IDS[0], LANGUAGES[0])]["missing"]


def _words(text: str) -> str:
    return " ".join(text.split())


def _vtt_text(path: Path) -> str:
    cues = [line for line in path.read_text(encoding="utf-8").splitlines()[1:] if line and "-->" not in line]
    return _words(" ".join(cues))


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_video_transcripts_captions_and_sources_agree(module_id: str) -> None:
    """A transcript edited without re-rendering the video (tools/make_sample_video.py) is caught here."""
    import polib

    folder = REPO / "modules" / module_id
    module = _module(module_id)
    catalogs = {lang: {e.msgctxt: e.msgstr for e in polib.pofile(str(REPO / "translations" / lang / f"{module_id}.po"))}
                for lang in LANGUAGES}
    for page in module["pages"]:
        for video in (b for b in page["blocks"] if b["type"] == "video"):
            name = Path(video["captions"]).name.split(".")[0]
            spec = yaml.safe_load((folder / "media-src" / f"{name}.video.yaml").read_text(encoding="utf-8"))
            context = f"{module_id}:{page['id']}/{video['id']}/transcript"
            transcripts = {PROJECT.config.source_language: video["transcript"],
                           **{lang: catalogs[lang][context] for lang in LANGUAGES}}
            for lang, transcript in transcripts.items():
                spoken = _words(" ".join(slide["captions"][lang] for slide in spec["slides"]))
                assert _words(transcript) == spoken, f"{video['id']} {lang}: transcript differs from {name}.video.yaml"
                captions = folder / video["captions"].replace("{lang}", lang)
                assert _vtt_text(captions) == spoken, f"{captions.name} differs from {name}.video.yaml: re-render it"
                assert (folder / video["src"].replace("{lang}", lang)).is_file(), f"no {lang} video for {video['id']}"
