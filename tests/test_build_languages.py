"""`moduletool build` in several languages: reviewed translations only, refusals, drafts, per-language media."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from support.projects import copy_fixture, read_zip, run_moduletool
from support.standards import assert_valid, scorm12_schema, scorm2004_schema

from moduletool.i18n.catalog import Entry
from moduletool.i18n.catalog_io import po_path, read_catalog, write_catalog
from moduletool.i18n.localize import localize
from moduletool.i18n.provenance import record_machine_draft
from moduletool.modules import load_module
from moduletool.project import Project

MODULE = "mini-course"
EN_ZIP = Path("dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip")
FR_ZIP = Path("dist/mini-course/fr/mini-course-2.1.0-fr-scorm12.zip")
FR_DRAFT_ZIP = Path("dist/mini-course/fr/mini-course-2.1.0-fr-scorm12-draft.zip")
PO = Path("translations/fr/mini-course.po")
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}

FRENCH = {
    "mini-course:title": "Accueillir un nouveau collègue",
    "mini-course:description": "Un court module sur le **premier jour** d'un collègue arrivé depuis peu.",
    "mini-course:keywords/0": "accueil",
    "mini-course:keywords/1": "équipe",
    "mini-course:objectives/welcome/text": "Préparer un premier jour accueillant",
    "mini-course:start/title": "Le premier jour",
    "mini-course:start/intro/text": "Préparez la journée *avant* qu'elle commence. Voir "
                                    "[le guide](https://example.org/guide).",
    "mini-course:start/map/alt": "Un plan avec la cuisine, la salle de réunion et la sortie.",
    "mini-course:start/note/text": "Confiez le nouveau venu à un parrain pour la première semaine.",
    "mini-course:check/title": "Vérifiez vos connaissances",
    "mini-course:check/q-buddy/prompt": "Qui fait visiter les lieux au nouveau venu ?",
    "mini-course:check/q-buddy/buddy/text": "Un parrain de l'équipe",
    "mini-course:check/q-buddy/buddy/feedback": "Oui.",
    "mini-course:check/q-buddy/nobody/text": "Personne",
    "mini-course:check/q-buddy/nobody/feedback": "Un guide aide.",
    "mini-course:check/q-plan/prompt": "Le premier jour se prépare à l'avance.",
    "mini-course:check/q-word/prompt": "Le collègue qui accompagne un nouveau venu s'appelle un …",
    "mini-course:check/q-word/answers/0": "parrain",
    "mini-course:check/q-word/answers/1": "tuteur",
}
"""Every text of the mini module; the image path stays empty (the same file in every language)."""


def _project(tmp_path: Path, languages: str = "[fr]") -> Path:
    project = copy_fixture("mini", tmp_path / "p")
    (project / "moduletool.yaml").write_text(f"source_language: en\nlanguages: {languages}\nformats: [scorm12]\n",
                                             encoding="utf-8")
    return project


def _init(project: Path, lang: str = "fr", module: str = MODULE) -> Path:
    result = run_moduletool("i18n", "init", "--lang", lang, module, cwd=project)
    assert result.returncode == 0, result.stderr
    return po_path(project, lang, module)


def _translate(path: Path, texts: dict[str, str], *, fuzzy: Iterable[str] = (), machine: Iterable[str] = ()) -> None:
    """Set the msgstr of `texts`' entries; mark `fuzzy` ones fuzzy and make `machine` ones untouched MT drafts."""
    catalog = read_catalog(path, str(path))
    for entry in catalog.entries:
        context = entry.msgctxt or ""
        if context in texts:
            entry.msgstr = texts[context]
        if context in set(fuzzy):
            entry.set_fuzzy(True)
        if context in set(machine):
            record_machine_draft(entry, texts[context], "deepl", "2026-11-20")
    write_catalog(path, catalog)


def _french(tmp_path: Path, languages: str = "[fr]", **marks: Iterable[str]) -> Path:
    project = _project(tmp_path, languages)
    _translate(_init(project), FRENCH, **marks)
    return project


def _build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_moduletool("build", *args, cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _report(project: Path, *args: str, ok: bool = True) -> dict:
    result = _build(project, "--report", "json", *args)
    assert (result.returncode == 0) is ok, result.stderr
    return json.loads(result.stdout)


def _page(zip_path: Path) -> str:
    return read_zip(zip_path)["index.html"].decode()


def _manifest(zip_path: Path) -> etree._Element:
    manifest = read_zip(zip_path)["imsmanifest.xml"]
    assert_valid(scorm12_schema(), manifest)
    return etree.fromstring(manifest)


def _msgstr_line(path: Path, context: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{context}"')
    return next(n for n in range(start, len(lines)) if lines[n].startswith("msgstr")) + 1


# ---- Complete translations --------------------------------------------------------------------

def test_a_complete_translation_is_built_beside_the_source(tmp_path: Path) -> None:
    project = _french(tmp_path)
    report = _report(project)
    assert [(p["lang"], p["draft"]) for p in report["packages"]] == [("en", False), ("fr", False)]
    assert report["translations"] == [] and report["not_built"] == []
    page = _page(project / FR_ZIP)
    document = lxml_html.fromstring(page)
    assert document.get("lang") == "fr" and document.get("dir") == "ltr"
    assert document.findtext(".//title") == "Accueillir un nouveau collègue"
    assert "Préparez la journée <em>avant</em>" in page and ">Suivant<" in page
    assert not document.find_class("draft-banner")
    manifest = _manifest(project / FR_ZIP)
    assert manifest.findtext("cp:organizations/cp:organization/cp:item/cp:title", namespaces=NS) == \
        "Accueillir un nouveau collègue"
    general = manifest.find("cp:metadata/md:lom/md:general", NS)
    assert general.findtext("md:language", namespaces=NS) == "fr"
    assert [k.text for k in general.findall("md:keyword/md:langstring", NS)] == ["accueil", "équipe"]
    assert manifest.find("cp:metadata/md:lom/md:lifecycle/md:status", NS) is None
    assert "Welcoming" in _page(project / EN_ZIP)


def test_block_scalars_keep_their_final_line_break(tmp_path: Path) -> None:
    """The msgid drops the line break YAML's `|` adds (extract.source_text); localising puts it back."""
    project = _french(tmp_path)
    [source] = Project.find(project).select([MODULE])
    loaded = load_module(source)
    assert loaded.module is not None and loaded.module.description.endswith("colleague.\n")
    result = localize(loaded, "fr", project / PO, str(PO))
    assert result.ok and result.module is not None and not result.gaps
    assert result.module.description == FRENCH["mini-course:description"] + "\n"
    assert result.module.title == FRENCH["mini-course:title"]
    assert result.module.questions()[2].answers == ["parrain", "tuteur"]  # type: ignore[union-attr]


def test_lang_restricts_the_languages_built(tmp_path: Path) -> None:
    project = _french(tmp_path)
    assert [p["lang"] for p in _report(project, "--lang", "fr")["packages"]] == ["fr"]
    assert not (project / EN_ZIP).exists()
    assert [p["lang"] for p in _report(project, "-l", "en")["packages"]] == ["en"]


def test_unknown_languages_stop_the_build_before_anything_is_written(tmp_path: Path) -> None:
    project = _french(tmp_path)
    result = _build(project, "--lang", "zz")
    assert result.returncode == 1 and "--lang: unknown language `zz`" in result.stderr
    (project / "moduletool.yaml").write_text("source_language: en\nlanguages: [fr, qq]\n", encoding="utf-8")
    result = _build(project)
    assert result.returncode == 1 and "moduletool.yaml:2:17: languages[1]: unknown language `qq`" in result.stderr
    assert not (project / "dist").exists()


# ---- Unfinished translations -------------------------------------------------------------------

UNFINISHED = {"fuzzy": ["mini-course:start/note/text"], "machine": ["mini-course:check/title"]}
LEFT_OUT = "mini-course:check/q-plan/prompt"


def _unfinished(tmp_path: Path, languages: str = "[fr]") -> Path:
    project = _project(tmp_path, languages)
    texts = {context: text for context, text in FRENCH.items() if context != LEFT_OUT}
    _translate(_init(project), texts, **UNFINISHED)
    return project


def test_an_unfinished_translation_is_refused_with_a_summary(tmp_path: Path) -> None:
    project = _unfinished(tmp_path)
    result = _build(project)
    assert result.returncode == 1
    assert "mini-course fr: 1 untranslated, 2 fuzzy (1 machine draft) — translations/fr/mini-course.po" \
        in result.stderr
    assert "--allow-drafts" in result.stderr and "not built: mini-course (fr)" in result.stderr
    assert (project / EN_ZIP).is_file() and not (project / "dist/mini-course/fr").exists()
    report = _report(project, ok=False)
    assert report["failed"] == [MODULE] and report["not_built"] == [{"module": MODULE, "lang": "fr"}]
    assert report["translations"] == [{
        "module": MODULE, "lang": "fr", "file": "translations/fr/mini-course.po", "built": False,
        "untranslated": 1, "fuzzy": 2, "machine_drafts": 1, "outdated": 0, "missing_media": [],
        "catalog_missing": False}]


def test_a_missing_catalog_is_refused_and_the_complete_languages_are_built(tmp_path: Path) -> None:
    project = _french(tmp_path, languages="[fr, de]")
    result = _build(project)
    assert result.returncode == 1
    assert "mini-course de: no catalog, 19 untranslated — translations/de/mini-course.po" in result.stderr
    assert "moduletool i18n init --lang de" in result.stderr
    assert (project / EN_ZIP).is_file() and (project / FR_ZIP).is_file()


def test_drafts_fall_back_to_the_source_and_say_so_everywhere(tmp_path: Path) -> None:
    project = _unfinished(tmp_path)
    report = _report(project, "--allow-drafts")
    assert [(p["lang"], p["draft"]) for p in report["packages"]] == [("en", False), ("fr", True)]
    assert report["packages"][1]["path"] == FR_DRAFT_ZIP.as_posix() and not (project / FR_ZIP).exists()
    assert report["translations"][0]["built"] == "draft" and report["failed"] == []

    page = _page(project / FR_DRAFT_ZIP)
    document = lxml_html.fromstring(page)
    title = "Accueillir un nouveau collègue (brouillon)"
    assert document.findtext(".//title") == title and document.findtext(".//h1") == title
    [banner] = document.find_class("draft-banner")
    assert banner.text_content().startswith("Traduction provisoire")
    assert "The first day should be planned in advance." in page  # untranslated: the source
    assert "Pair the newcomer with a buddy" in page and "Confiez" not in page  # fuzzy: the source
    assert "Check your knowledge" in page  # machine draft: the source
    assert "Préparez la journée" in page  # reviewed: the translation

    manifest = _manifest(project / FR_DRAFT_ZIP)
    assert manifest.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) == title
    lom = manifest.find("cp:metadata/md:lom", NS)
    assert lom.findtext("md:general/md:title/md:langstring", namespaces=NS) == title
    assert lom.findtext("md:lifecycle/md:status/md:value/md:langstring", namespaces=NS) == "Draft"
    assert lom.findtext("md:lifecycle/md:status/md:source/md:langstring", namespaces=NS) == "LOMv1.0"

    result = _build(project, "--allow-drafts")
    assert "draft: mini-course fr: 1 untranslated, 2 fuzzy (1 machine draft)" in result.stderr


def _finish(path: Path) -> None:
    """Every entry translated from FRENCH and reviewed: no fuzzy flag, no machine-draft comment."""
    catalog = read_catalog(path, str(path))
    for entry in catalog.entries:
        entry.set_fuzzy(False)
        entry.translator_comments = []
        entry.msgstr = FRENCH.get(entry.msgctxt or "", entry.msgstr)
    write_catalog(path, catalog)


def _in_english(document: lxml_html.HtmlElement) -> dict[str, str]:
    """Text (or alt) → the `dir` of every element the page marks as English."""
    return {(element.get("alt") or element.text_content()).strip(): element.get("dir")
            for element in document.xpath("//body//*[@lang]") if element.get("lang") == "en"}


def test_texts_left_in_the_source_language_are_marked_as_such(tmp_path: Path) -> None:
    project = _unfinished(tmp_path)
    assert _build(project, "--allow-drafts").returncode == 0
    document = lxml_html.fromstring(_page(project / FR_DRAFT_ZIP))
    assert document.get("lang") == "fr"
    assert _in_english(document) == {  # the fuzzy callout, the machine-drafted title, the untranslated prompt
        "Pair the newcomer with a buddy for the first week.": "ltr",
        "Check your knowledge": "ltr",
        "The first day should be planned in advance.": "ltr",
    }

    others = {"mini-course:start/map/alt", "mini-course:start/title", "mini-course:objectives/welcome/text",
              "mini-course:check/q-buddy/nobody/text"}
    _translate(project / PO, {context: "" for context in others})
    assert _build(project, "--allow-drafts").returncode == 0
    marked = _in_english(lxml_html.fromstring(_page(project / FR_DRAFT_ZIP)))
    assert {"A floor plan with the kitchen, the meeting room and the exit marked.", "The first day",
            "Plan a welcoming first day", "Nobody"} <= set(marked)
    assert not [text for text in marked if "Préparez" in text or "Un parrain" in text], "a translation marked English"

    _finish(project / PO)
    assert _build(project).returncode == 0
    assert _in_english(lxml_html.fromstring(_page(project / FR_ZIP))) == {}, "a release has nothing to mark"


def test_scorm2004_drafts_carry_the_lom_status_too(tmp_path: Path) -> None:
    project = _unfinished(tmp_path)
    result = _build(project, "--allow-drafts", "--lang", "fr", "-f", "scorm2004")
    assert result.returncode == 0, result.stderr
    manifest = read_zip(project / "dist/mini-course/fr/mini-course-2.1.0-fr-scorm2004-draft.zip")["imsmanifest.xml"]
    assert_valid(scorm2004_schema(), manifest)
    lom = {"lom": "http://ltsc.ieee.org/xsd/LOM"}
    status = etree.fromstring(manifest).find(".//lom:lifeCycle/lom:status", lom)
    assert status is not None and status.findtext("lom:value", namespaces=lom) == "draft"
    assert status.findtext("lom:source", namespaces=lom) == "LOMv1.0"


def test_a_release_replaces_the_draft(tmp_path: Path) -> None:
    project = _unfinished(tmp_path)
    assert _build(project, "--allow-drafts").returncode == 0
    assert (project / FR_DRAFT_ZIP).is_file()
    _finish(project / PO)
    assert _build(project).returncode == 0
    assert (project / FR_ZIP).is_file() and not (project / FR_DRAFT_ZIP).exists()


def test_outdated_translations_are_not_used(tmp_path: Path) -> None:
    project = _french(tmp_path)
    module = project / "modules" / MODULE / "module.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("Pair the newcomer with a buddy", "Pair the newcomer with a mentor"),
                      encoding="utf-8")
    result = _build(project)
    assert result.returncode == 1
    assert "mini-course fr: 1 outdated — translations/fr/mini-course.po" in result.stderr
    assert "moduletool i18n update" in result.stderr
    assert _build(project, "--allow-drafts").returncode == 0
    assert "Pair the newcomer with a mentor" in _page(project / FR_DRAFT_ZIP)


# ---- Problems a translation causes ---------------------------------------------------------------

def test_a_translation_that_breaks_markup_is_located_in_the_catalog(tmp_path: Path) -> None:
    context = "mini-course:start/intro/text"
    project = _french(tmp_path)
    _translate(project / PO, {context: "Préparez <b>la journée</b> avant. [Guide](javascript:alert(1))"})
    line = _msgstr_line(project / PO, context)
    column = (project / PO).read_text(encoding="utf-8").split("\n")[line - 1].index("<b>") + 1
    result = _build(project, "--allow-drafts")
    assert result.returncode == 1
    assert f"translations/fr/mini-course.po:{line}:{column}: {context}: raw HTML is not allowed: `<b>`" \
        in result.stderr
    assert "link `javascript:alert(1)` is not allowed" in result.stderr
    assert "not built: mini-course (fr)" in result.stderr and (project / EN_ZIP).is_file()


def test_a_broken_catalog_is_a_located_error(tmp_path: Path) -> None:
    project = _french(tmp_path)
    text = (project / PO).read_text(encoding="utf-8")
    (project / PO).write_text(text.replace('msgstr "Personne"', 'msgstr "Personne'), encoding="utf-8")
    line = text.split("\n").index('msgstr "Personne"') + 1
    result = _build(project)
    assert result.returncode == 1
    assert f"translations/fr/mini-course.po:{line}:" in result.stderr and "not closed" in result.stderr
    assert (project / EN_ZIP).is_file()


def test_media_can_be_localised(tmp_path: Path) -> None:
    context = "mini-course:start/map/src"
    project = _french(tmp_path)
    _translate(project / PO, {context: "media/plan-fr.svg"})
    result = _build(project)
    assert result.returncode == 1
    line = _msgstr_line(project / PO, context)
    assert f"translations/fr/mini-course.po:{line}:9: {context}: `media/plan-fr.svg`: file not found" in result.stderr
    media = project / "modules" / MODULE / "media"
    (media / "plan-fr.svg").write_bytes((media / "map file.svg").read_bytes().replace(b"<svg", b"<svg id='fr'"))
    assert _build(project).returncode == 0
    files = read_zip(project / FR_ZIP)
    assert "media/plan-fr.svg" in files and "media/map file.svg" not in files
    assert 'src="media/plan-fr.svg"' in files["index.html"].decode()
    assert "media/map file.svg" in read_zip(project / EN_ZIP)


VIDEO_MODULE = """\
id: clip
version: "1.0.0"
language: en
title: A clip
description: A module with a captioned video.
license: CC0-1.0
pages:
  - id: watch
    title: Watch
    blocks:
      - id: film
        type: video
        src: media/film.mp4
        captions: media/film.{lang}.vtt
"""


def test_per_language_captions_are_required_or_fall_back_in_drafts(
        make_project: Callable[..., Path]) -> None:
    project = make_project(VIDEO_MODULE, module_id="clip",
                           media={"film.mp4": b"\x00\x00\x00\x18ftypmp42", "film.en.vtt": b"WEBVTT\n"})
    path = _init(project, module="clip")
    catalog = read_catalog(path, str(path))
    for entry in catalog.entries:
        entry.msgstr = "" if entry.msgctxt == "clip:watch/film/src" else f"FR {entry.msgid}"
    write_catalog(path, catalog)

    result = _build(project, "--lang", "fr")
    assert result.returncode == 1
    assert "clip fr: 1 missing media file (media/film.fr.vtt) — translations/fr/clip.po" in result.stderr
    assert _build(project, "--lang", "fr", "--allow-drafts").returncode == 0
    draft = read_zip(project / "dist/clip/fr/clip-1.0.0-fr-scorm12-draft.zip")
    assert "media/film.en.vtt" in draft and _track(draft) == ("media/film.en.vtt", "en")

    (project / "modules/clip/media/film.fr.vtt").write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n")
    assert _build(project, "--lang", "fr").returncode == 0
    release = read_zip(project / "dist/clip/fr/clip-1.0.0-fr-scorm12.zip")
    assert "media/film.fr.vtt" in release and "media/film.en.vtt" not in release
    assert _track(release) == ("media/film.fr.vtt", "fr")


def test_captions_kept_from_the_source_are_labelled_in_its_language(make_project: Callable[..., Path]) -> None:
    """One caption file for every language (no `{lang}`): a French package says its captions are English."""
    project = make_project(VIDEO_MODULE.replace("film.{lang}.vtt", "film.vtt"), module_id="clip",
                           media={"film.mp4": b"\x00\x00\x00\x18ftypmp42", "film.vtt": b"WEBVTT\n"})
    path = _init(project, module="clip")
    catalog = read_catalog(path, str(path))
    for entry in catalog.entries:
        entry.msgstr = "" if entry.msgctxt in ("clip:watch/film/src", "clip:watch/film/captions") \
            else f"FR {entry.msgid}"
    write_catalog(path, catalog)
    assert _build(project, "--lang", "en", "--lang", "fr").returncode == 0
    assert _track(read_zip(project / "dist/clip/en/clip-1.0.0-en-scorm12.zip")) == ("media/film.vtt", "en")
    assert _track(read_zip(project / "dist/clip/fr/clip-1.0.0-fr-scorm12.zip")) == ("media/film.vtt", "en")

    (project / "modules/clip/media/film.fr.vtt").write_bytes(b"WEBVTT\n")
    _translate(path, {"clip:watch/film/captions": "media/film.fr.vtt"})
    assert _build(project, "--lang", "fr").returncode == 0
    assert _track(read_zip(project / "dist/clip/fr/clip-1.0.0-fr-scorm12.zip")) == ("media/film.fr.vtt", "fr")


def _track(files: dict[str, bytes]) -> tuple[str, str]:
    """The caption track of a one-video package: its file and the language it claims."""
    [track] = lxml_html.fromstring(files["index.html"].decode()).xpath("//track")
    return track.get("src"), track.get("srclang")


def test_entries_of_other_catalogs_change_nothing(tmp_path: Path) -> None:
    """Obsolete entries and unknown contexts in a catalog are ignored, not applied or counted."""
    project = _french(tmp_path)
    catalog = read_catalog(project / PO, str(PO))
    catalog.entries.append(Entry("mini-course:gone/title", "Gone", "Parti", obsolete=True))
    catalog.entries.append(Entry("mini-course:elsewhere/title", "Elsewhere", "Ailleurs"))
    write_catalog(project / PO, catalog)
    report = _report(project)
    assert report["translations"] == [] and "Ailleurs" not in _page(project / FR_ZIP)
