"""`moduletool i18n stats`: entries and source words by state, per module × language."""

from __future__ import annotations

import json
from pathlib import Path

from i18n_support import MODULE, catalog, fails, i18n, mini, ok
from translated_mini import FRENCH, translate, translated_mini

from moduletool.i18n.catalog_io import write_catalog
from moduletool.i18n.provenance import State, record_machine_draft
from moduletool.i18n.stats import Counts

FR = Path("translations/fr/mini-course.po")
MINI_WORDS = 98
"""Source words of the mini module: plain text of its Markdown, its image path not counted."""


def _file(report: dict, lang: str) -> dict:
    [found] = [f for f in report["files"] if f["lang"] == lang]
    return found


def test_complete_translations_are_100_percent(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    report = ok(project, "stats")
    assert [(f["module"], f["lang"], f["file"]) for f in report["files"]] == [
        ("mini-course", "ar", "translations/ar/mini-course.po"), ("mini-course", "fr", str(FR))]
    for counts in report["files"] + report["languages"] + [report["total"]]:
        assert counts["percent"] == 100
        assert counts["untranslated"] == counts["fuzzy"] == counts["machine_draft"] == 0
    assert _file(report, "fr")["translated"] == 20  # the image path left empty counts: "the same file"
    assert _file(report, "fr")["words"]["total"] == MINI_WORDS
    assert report["total"]["entries"] == 40 and report["total"]["words"]["translated"] == 2 * MINI_WORDS

    result = i18n(project, "stats")
    assert result.returncode == 0, result.stderr
    totals = [line.split() for line in result.stdout.splitlines() if line.strip().startswith("total")]
    assert totals == [["total", "ar", "20", "0", "0", "0", str(MINI_WORDS), "0", "100%"],
                      ["total", "fr", "20", "0", "0", "0", str(MINI_WORDS), "0", "100%"]]


def test_states_words_and_machine_drafts(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "init", "--lang", "fr")
    untranslated = {"mini-course:keywords/0", "mini-course:start/intro/text"}  # 1 + 9 words
    translate(project, "fr", {c: t for c, t in FRENCH.items() if c not in untranslated},
              fuzzy=["mini-course:check/title"])  # 3 words
    po = catalog(project / FR)
    entries = {e.msgctxt: e for e in po.entries}
    record_machine_draft(entries["mini-course:check/q-buddy/nobody/text"], "Personne", "deepl", "2026-11-21")
    accepted = entries["mini-course:check/q-word/answers/0"]
    record_machine_draft(accepted, "parrain", "deepl", "2026-11-21")
    accepted.set_fuzzy(False)
    edited = entries["mini-course:check/q-word/answers/1"]
    record_machine_draft(edited, "mentor", "deepl", "2026-11-21")
    edited.msgstr = "tuteur"
    edited.set_fuzzy(False)
    write_catalog(project / FR, po)

    fr = _file(ok(project, "stats", "--lang", "fr"), "fr")
    assert (fr["entries"], fr["translated"], fr["machine_draft"], fr["fuzzy"], fr["untranslated"]) == (20, 16, 1, 1, 2)
    assert fr["words"] == {"total": MINI_WORDS, "translated": MINI_WORDS - 14, "machine_draft": 1, "fuzzy": 3,
                           "untranslated": 10}
    assert fr["machine_translation"] == {"unreviewed": 1, "accepted": 1, "edited": 1}
    assert fr["percent"] == 80.0

    result = i18n(project, "stats", "--lang", "fr")
    assert result.returncode == 0  # stats informs; only --fail-under makes it fail
    assert ["mini-course", "fr", "16", "1", "1", "2", str(MINI_WORDS), "14", "80%"] in \
        [line.split() for line in result.stdout.splitlines()]


def test_percent_is_rounded_down() -> None:
    counts = Counts()
    counts.entries[State.translated], counts.entries[State.fuzzy] = 1999, 1
    assert counts.percent == 99.9  # never 100 % while something is left
    counts.entries[State.translated] = 2
    assert counts.percent == 66.6
    assert Counts().percent == 100.0  # nothing to translate


def test_a_listed_language_without_a_file_is_0_percent(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    config = project / "moduletool.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("source_language: en",
                                                                 "source_language: en\nlanguages: [fr, de]"))
    report = ok(project, "stats")
    de = _file(report, "de")
    assert de["missing"] and de["file"] == "translations/de/mini-course.po"
    assert (de["entries"], de["untranslated"], de["percent"]) == (20, 20, 0.0)  # the image path too
    assert de["words"]["untranslated"] == MINI_WORDS
    assert not _file(report, "fr")["missing"]
    assert "0% (no file)" in i18n(project, "stats").stdout


def test_language_and_module_selection(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    assert [f["lang"] for f in ok(project, "stats", "--lang", "ar")["files"]] == ["ar"]
    assert [f["module"] for f in ok(project, "stats", "mini-course")["files"]] == ["mini-course", "mini-course"]
    assert [f["module"] for f in ok(project, "stats", str(MODULE))["files"]] == ["mini-course", "mini-course"]
    assert "unknown language `tlh`" in fails(project, "stats", "--lang", "tlh")
    assert "no such module" in fails(project, "stats", "nope")


def test_fail_under(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    ok(project, "stats", "--fail-under", "100")
    translate(project, "fr", {"mini-course:title": ""})
    stderr = fails(project, "stats", "--fail-under", "100")
    assert "translations/fr/mini-course.po: 95% translated, below --fail-under 100" in stderr
    assert "translations/ar/" not in stderr
    result = i18n(project, "stats", "--fail-under", "90", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["below"] == []


def test_an_unreadable_po_is_a_located_error_and_the_others_still_count(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    path = project / FR
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "Personne"', 'msgstr "Personne'), encoding="utf-8")
    line = text.split("\n").index('msgstr "Personne"') + 1
    result = i18n(project, "stats", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"translations/fr/mini-course.po:{line}:17: string not closed" in result.stderr
    report = json.loads(result.stdout)
    assert not report["ok"] and [f["lang"] for f in report["files"]] == ["ar"]


def test_an_unknown_language_folder_is_a_located_error(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    (project / "translations/klingon").mkdir()
    (project / "translations/klingon/mini-course.po").write_bytes((project / FR).read_bytes())
    assert "translations/klingon: `klingon` is not a language tag" in fails(project, "stats")
