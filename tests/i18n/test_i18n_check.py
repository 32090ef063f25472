"""`moduletool i18n check`: each rule, with a translation that keeps it and one that breaks it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from i18n_support import edit_module, fails, i18n, mini, ok
from translated_mini import FRENCH, translate, translated_mini

FR = Path("translations/fr/mini-course.po")
INTRO = "mini-course:start/intro/text"
NOTE = "mini-course:start/note/text"
DESCRIPTION = "mini-course:description"
TITLE = "mini-course:title"
MAP = "mini-course:start/map/src"


def _line(project: Path, context: str) -> int:
    """The line of an entry's msgctxt in the French catalog: where check locates its messages."""
    return (project / FR).read_text(encoding="utf-8").split("\n").index(f'msgctxt "{context}"') + 1


def _check(project: Path) -> tuple[int, str, str]:
    """Exit code, summary (stdout) and diagnostics (stderr) of a text-mode check."""
    result = i18n(project, "check")
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The mini module with a note holding a placeholder and a bare address, translated into fr and ar."""
    project = mini(tmp_path)
    edit_module(project, "Pair the newcomer with a buddy for the first week.",
                "Pair {name} with a buddy for the first week, see https://example.org/buddy.")
    for lang in ("fr", "ar"):
        ok(project, "init", "--lang", lang)
    translate(project, "fr", {**FRENCH, NOTE: "Associez {name} à un parrain la première semaine : "
                                             "https://example.org/buddy."})
    translate(project, "ar", {})
    return project


def test_a_correct_translation_is_clean(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    result = i18n(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 files, 38 entries checked, no problems"  # the image paths are empty
    assert result.stderr == ""
    report = ok(project, "check")
    assert report == {"ok": True, "files": ["translations/ar/mini-course.po", str(FR)], "entries_checked": 38,
                      "errors": 0, "warnings": 0, "diagnostics": []}


# (entry, a translation that keeps the rule, one that breaks it, the message about the broken one)
RULES = [
    pytest.param(TITLE, "Accueillir un collègue", "Accueillir un collègue\n",
                 "the translation ends with a line break and the source does not", id="newline-end"),
    pytest.param(TITLE, "Accueillir un collègue", "\nAccueillir un collègue",
                 "the translation starts with a line break and the source does not", id="newline-start"),
    pytest.param(NOTE, "Associez {name} à un parrain : https://example.org/buddy.",
                 "Associez {nom} à un parrain : https://example.org/buddy.",
                 "placeholder `{name}` is missing in the translation", id="placeholder-renamed"),
    pytest.param(NOTE, "{name} : un parrain, https://example.org/buddy.",
                 "{name} : un parrain, {name}, https://example.org/buddy.",
                 "`{name}` is not a placeholder of the source", id="placeholder-extra"),
    pytest.param(NOTE, "Associez {name} à un parrain : https://example.org/buddy.",
                 "Associez {name} à un parrain : https://example.org/parrain.",
                 "the address `https://example.org/buddy` is missing in the translation", id="bare-url"),
    pytest.param(INTRO, "Préparez *tôt*. Voir [le guide](https://example.org/guide).",
                 "Préparez tôt. Voir [le guide](https://example.org/guide).",
                 "*emphasis* markup: 1 in the source, 0 in the translation", id="emphasis"),
    pytest.param(DESCRIPTION, "Un module sur le **premier jour**.", "Un module sur le *premier jour*.",
                 "**strong** markup: 1 in the source, 0 in the translation", id="strong"),
    pytest.param(INTRO, "Préparez *tôt*. Voir [le guide](https://example.org/guide).",
                 "Préparez *tôt*. Voir `le guide` (https://example.org/guide).",
                 "`code` markup: 0 in the source, 1 in the translation", id="code-span"),
    pytest.param(INTRO, "Préparez *tôt*. [Le guide](https://example.org/guide).",
                 "Préparez *tôt*. Voir le guide.",
                 "link target `https://example.org/guide` is missing in the translation", id="link-dropped"),
    pytest.param(INTRO, "Préparez *tôt*. [Le guide](https://example.org/guide).",
                 "Préparez *tôt*. [Le guide](https://example.org/guide-fr).",
                 "the translation links to `https://example.org/guide-fr`, which the source does not",
                 id="link-changed"),
    pytest.param(DESCRIPTION, "Un module sur le **premier jour**.", "Un module sur le **premier jour**.<br>",
                 "raw HTML is not allowed: `<br>`", id="raw-html"),
    pytest.param(INTRO, "Préparez *tôt*. [Le guide](https://example.org/guide).",
                 "Préparez *tôt*. [Le guide](javascript:alert(1)).",
                 "link `javascript:alert(1)` is not allowed", id="unsafe-link"),
    pytest.param(MAP, "", "../map.svg", "`../map.svg`: `..` is not allowed in paths", id="media-outside"),
    pytest.param(MAP, "media/map file.svg", "media/map-fr.svg", "`media/map-fr.svg`: file not found",
                 id="media-missing"),
]


@pytest.mark.parametrize(("context", "good", "bad", "message"), RULES)
def test_each_rule(project: Path, context: str, good: str, bad: str, message: str) -> None:
    translate(project, "fr", {context: good})
    code, summary, stderr = _check(project)
    assert code == 0, stderr
    assert summary.endswith("no problems\n")
    translate(project, "fr", {context: bad})
    code, summary, stderr = _check(project)
    assert code == 1 and ", 0 warnings" in summary
    assert f"translations/fr/mini-course.po:{_line(project, context)}: {context}: {message}" in stderr
    assert "hint: " in stderr


def test_a_localised_media_file_is_accepted(project: Path) -> None:
    (project / "modules/mini-course/media/map-fr.svg").write_text("<svg/>", encoding="utf-8")
    translate(project, "fr", {MAP: "media/map-fr.svg"})
    assert _check(project)[0] == 0


WARNINGS = [
    pytest.param(NOTE, "Associez {name} à un parrain,\n\nla première semaine : https://example.org/buddy.",
                 "1 paragraphs in the source, 2 in the translation", id="paragraphs"),
    pytest.param(INTRO, "- Préparez *tôt*.\n- [Le guide](https://example.org/guide).",
                 "0 list items in the source, 2 in the translation", id="list-items"),
    pytest.param(TITLE, "Accueillir un collègue ", "only the translation ends with a space", id="space"),
]


@pytest.mark.parametrize(("context", "text", "message"), WARNINGS)
def test_warnings_do_not_fail(project: Path, context: str, text: str, message: str) -> None:
    translate(project, "fr", {context: text})
    code, summary, stderr = _check(project)
    assert code == 0, stderr
    assert f"translations/fr/mini-course.po:{_line(project, context)}: {context}: warning: {message}" in stderr
    assert ", 0 errors, " in summary


def test_fuzzy_entries_are_checked_and_empty_ones_are_not(project: Path) -> None:
    translate(project, "fr", {INTRO: "Sans lien.", TITLE: ""}, fuzzy=[INTRO])
    code, _, stderr = _check(project)
    assert code == 1 and f"{INTRO}: link target" in stderr
    assert TITLE + ":" not in stderr


def test_the_header_language_must_be_its_folders(project: Path) -> None:
    path = project / FR
    path.write_text(path.read_text(encoding="utf-8").replace('"Language: fr\\n"', '"Language: de\\n"'),
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index('"Language: de\\n"') + 1
    stderr = fails(project, "check")
    assert (f"translations/fr/mini-course.po:{line}: the header says `Language: de` but the file is in the "
            "folder of `fr`") in stderr


def test_json_report_and_selection(project: Path) -> None:
    translate(project, "fr", {TITLE: "Titre\n"})
    result = i18n(project, "check", "--lang", "fr", "mini-course", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["files"] == [str(FR)] and report["errors"] == 1 and not report["ok"]
    [diagnostic] = report["diagnostics"]
    assert diagnostic["file"] == str(FR) and diagnostic["line"] == _line(project, TITLE)
    assert diagnostic["field"] == TITLE and diagnostic["code"] == "newline" and diagnostic["severity"] == "error"
    assert "unknown language `tlh`" in fails(project, "check", "--lang", "tlh")


def test_a_broken_po_is_a_located_error(project: Path) -> None:
    path = project / FR
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Personne"', 'msgstr "Personne'),
                    encoding="utf-8")
    stderr = fails(project, "check")
    assert "translations/fr/mini-course.po:" in stderr and "string not closed" in stderr
