"""`moduletool i18n init --lang XX`: a new .po with the right headers, never over an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest
from gettext_tools import assert_all_clean, msgfmt_check
from i18n_support import EPOCH_DATE, POT, catalog, edit_module, fails, mini, ok

from moduletool.i18n.catalog import Catalog, Entry
from moduletool.i18n.languages import LANGUAGES, RTL_LANGUAGES, find_language, is_rtl
from moduletool.i18n.po_format import format_catalog

FR = Path("translations/fr/mini-course.po")
AR = Path("translations/ar/mini-course.po")


def test_french_headers_and_empty_entries(tmp_path: Path) -> None:
    project = mini(tmp_path)
    report = ok(project, "init", "--lang", "fr")
    assert [(f["file"], f["action"]) for f in report["files"]] == [(str(POT), "created"), (str(FR), "created")]
    po = catalog(project / FR)
    assert po.get("Language") == "fr"
    assert po.get("Plural-Forms") == "nplurals=2; plural=(n > 1);"
    assert po.get("Language-Team") == "French"
    assert po.get("Content-Type") == "text/plain; charset=UTF-8"
    assert po.get("Project-Id-Version") == "mini-course 2.1.0"
    assert po.get("POT-Creation-Date") == po.get("PO-Revision-Date") == EPOCH_DATE
    template = catalog(project / POT)
    assert [(e.msgctxt, e.msgid, e.extracted_comments) for e in po.entries] == \
        [(e.msgctxt, e.msgid, e.extracted_comments) for e in template.entries]
    assert all(e.msgstr == "" for e in po.entries)
    assert_all_clean(project)


def test_arabic_headers(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "init", "--lang", "ar")
    po = catalog(project / AR)
    assert po.get("Language") == "ar"
    assert po.get("Plural-Forms", ) == ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                                        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);")
    assert is_rtl("ar")
    assert_all_clean(project)


def test_init_never_overwrites_a_translation(tmp_path: Path) -> None:
    project = mini(tmp_path)
    ok(project, "init", "--lang", "fr")
    (project / FR).write_text((project / FR).read_text(encoding="utf-8").replace(
        'msgid "Nobody"\nmsgstr ""', 'msgid "Nobody"\nmsgstr "Personne"'), encoding="utf-8")
    before = (project / FR).read_bytes()
    stderr = fails(project, "init", "--lang", "fr")
    assert "translations/fr/mini-course.po: already exists" in stderr
    assert "moduletool i18n update --lang fr" in stderr
    assert (project / FR).read_bytes() == before


def test_unknown_language_and_bad_tag(tmp_path: Path) -> None:
    project = mini(tmp_path)
    stderr = fails(project, "init", "--lang", "frr")
    assert "--lang: unknown language `frr`" in stderr and "hint:" in stderr
    assert "`fr fr` is not a language tag" in fails(project, "init", "--lang", "fr fr")
    assert "is the source language" in fails(project, "init", "--lang", "en")
    assert not (project / "translations").exists()


def test_init_refuses_an_invalid_module(tmp_path: Path) -> None:
    project = mini(tmp_path)
    edit_module(project, "id: q-plan", "id: Q-plan")
    stderr = fails(project, "init", "--lang", "fr")
    assert "modules/mini-course/module.yaml:" in stderr and "not initialised: mini-course" in stderr
    assert not (project / FR).exists()


def test_a_language_missing_from_the_project_settings_is_a_warning(tmp_path: Path) -> None:
    project = mini(tmp_path)
    report = ok(project, "init", "--lang", "de")
    assert [d["code"] for d in report["diagnostics"]] == ["language-not-listed"]
    (project / "moduletool.yaml").write_text("source_language: en\nlanguages: [el]\n", encoding="utf-8")
    assert ok(project, "init", "--lang", "el")["diagnostics"] == []


REQUIRED = ["en", "fr", "de", "es", "it", "pt", "nl", "el", "pl", "ro", "sv", "ar", "fa", "prs", "ps", "ur", "ckb", "he", "tr", "ru", "uk", "ti", "so", "am", "uz", "ku"]


def test_language_table_covers_the_project_languages() -> None:
    assert set(REQUIRED) <= {language.tag for language in LANGUAGES.values()}
    assert {"ar", "fa", "prs", "ps", "ur", "ckb", "he"} <= RTL_LANGUAGES
    assert not is_rtl("fr") and not is_rtl("ku") and is_rtl("ckb")
    assert find_language("pt_br") is not None and find_language("pt_br").gettext_code == "pt_BR"
    assert find_language("fr-CA") is not None and find_language("fr-CA").plural_forms == LANGUAGES["fr"].plural_forms


@pytest.mark.parametrize("tag", sorted(LANGUAGES))
def test_every_plural_rule_is_accepted_by_msgfmt(tag: str, tmp_path: Path) -> None:
    language = LANGUAGES[tag]
    po = Catalog(header=[("Project-Id-Version", "x 1"), ("PO-Revision-Date", "2024-01-01 00:00+0000"),
                         ("Last-Translator", ""), ("Language-Team", language.name),
                         ("Language", language.gettext_code), ("MIME-Version", "1.0"),
                         ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
                         ("Plural-Forms", language.plural_forms)])
    nplurals = int(language.plural_forms.split(";")[0].split("=")[1])
    po.entries.append(Entry("c", "one file", msgid_plural="%d files",
                            msgstr_plural={i: f"form {i} %d" for i in range(nplurals)}, flags=["c-format"]))
    path = tmp_path / f"{tag}.po"
    path.write_text(format_catalog(po), encoding="utf-8")
    assert msgfmt_check(path) == ""
