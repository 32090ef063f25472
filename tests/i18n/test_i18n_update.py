"""`moduletool i18n update`: merging on msgctxt so that no translator's work is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from gettext_tools import assert_all_clean
from i18n_support import POT, by_context, catalog, edit_module, fails, i18n, mini, ok

from moduletool.i18n.catalog_io import write_catalog

FR = Path("translations/fr/mini-course.po")

FRENCH = {
    "mini-course:title": "Accueillir un nouveau collègue dans l'équipe",
    "mini-course:keywords/0": "intégration",
    "mini-course:keywords/1": "travail d'équipe",
    "mini-course:start/intro/text": "Préparez la journée *avant* qu'elle commence. Voir [le guide](https://example.org/guide).",
    "mini-course:start/note/text": "Associez le nouveau venu à un parrain pour la première semaine.",
    "mini-course:check/q-buddy/nobody/text": "Personne",
    "mini-course:check/q-buddy/nobody/feedback": "Un guide aide.",
    "mini-course:check/q-buddy/buddy/text": "Un parrain de l'équipe",
    "mini-course:check/q-plan/prompt": "Le premier jour doit être préparé à l'avance.",
    "mini-course:check/q-word/answers/0": "parrain",
    "mini-course:check/q-word/answers/1": "tuteur",
}


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """The mini project with a French catalog partly translated, a translator comment and header."""
    project = mini(tmp_path)
    ok(project, "init", "--lang", "fr")
    po = catalog(project / FR)
    for entry in po.entries:
        entry.msgstr = FRENCH.get(entry.msgctxt or "", "")
        if entry.msgctxt == "mini-course:start/note/text":
            entry.translator_comments = ["Marie: « parrain » convient mieux que « tuteur » ici."]
    po.set("Last-Translator", "Marie Curie <marie@example.org>")
    po.set("Plural-Forms", "nplurals=1; plural=0;")  # wrong: update corrects it
    write_catalog(project / FR, po)
    return project


def test_nothing_changed_nothing_written(translated: Path) -> None:
    before = (translated / FR).read_bytes()
    report = ok(translated, "update", epoch="1800000000")
    assert [f["action"] for f in report["files"]] == ["unchanged", "updated"]  # only the header was corrected
    report = ok(translated, "update", epoch="1900000000")
    assert [f["action"] for f in report["files"]] == ["unchanged", "unchanged"]
    after = by_context(translated / FR)
    assert {c: e.msgstr for c, e in after.items() if e.msgstr} == FRENCH
    assert not any(e.fuzzy for e in after.values())
    assert (translated / FR).read_bytes() != before
    po = catalog(translated / FR)
    assert po.get("Last-Translator") == "Marie Curie <marie@example.org>"
    assert po.get("Plural-Forms") == "nplurals=2; plural=(n > 1);"


def test_edit_delete_add_in_one_update(translated: Path) -> None:
    edit_module(translated, "Pair the newcomer with a buddy for the first week.",
                "Pair the newcomer with a buddy for the first two weeks.")
    edit_module(translated, "          - {id: nobody, text: Nobody, feedback: A guide helps.}\n",
                "          - {id: boss, text: The boss}\n")
    edit_module(translated, "        answer: true\n", "        answer: true\n"
                            "        feedback: {correct: 'Yes, plan it.'}\n")
    report = ok(translated, "update", "--lang", "fr")
    assert report["files"][1]["changes"] == {"kept": 8, "moved": 0, "fuzzy": 1, "added": 2, "obsoleted": 2}
    po = catalog(translated / FR)
    entries = {e.msgctxt: e for e in po.active}

    edited = entries["mini-course:start/note/text"]  # changed → old translation, fuzzy, previous source
    assert edited.fuzzy and edited.msgstr == FRENCH["mini-course:start/note/text"]
    assert edited.previous_msgid == "Pair the newcomer with a buddy for the first week."
    assert edited.translator_comments == ["Marie: « parrain » convient mieux que « tuteur » ici."]

    assert entries["mini-course:title"].msgstr == FRENCH["mini-course:title"]  # unchanged → kept
    assert not entries["mini-course:title"].fuzzy

    for context, source in (("mini-course:check/q-plan/feedback/correct", "Yes, plan it."),
                            ("mini-course:check/q-buddy/boss/text", "The boss")):
        added = entries[context]  # new → empty
        assert added.msgid == source and added.msgstr == "" and not added.fuzzy

    gone = [(e.msgctxt, e.msgstr) for e in po.obsolete]  # removed → obsolete, at the end
    assert gone == [("mini-course:check/q-buddy/nobody/text", "Personne"),
                    ("mini-course:check/q-buddy/nobody/feedback", "Un guide aide.")]
    assert [e.msgctxt for e in po.active] == [e.msgctxt for e in catalog(translated / POT).entries]
    text = (translated / FR).read_text(encoding="utf-8")
    assert '#| msgid "Pair the newcomer with a buddy for the first week."' in text
    assert text.index("#~ msgctxt") > text.index('msgctxt "mini-course:check/q-word/answers/1"')
    assert_all_clean(translated)


def test_a_removed_text_that_comes_back_finds_its_translation(translated: Path) -> None:
    module = (translated / "modules/mini-course/module.yaml").read_text(encoding="utf-8")
    edit_module(translated, "          - {id: nobody, text: Nobody, feedback: A guide helps.}\n",
                "          - {id: boss, text: The boss}\n")
    ok(translated, "update")
    (translated / "modules/mini-course/module.yaml").write_text(module, encoding="utf-8")
    ok(translated, "update")
    entries = by_context(translated / FR)
    assert entries["mini-course:check/q-buddy/nobody/text"].msgstr == "Personne"
    assert not entries["mini-course:check/q-buddy/nobody/text"].obsolete
    assert catalog(translated / FR).obsolete == []


def test_moving_and_reordering_keeps_translations(translated: Path) -> None:
    # The callout moves to the second page; keywords and accepted answers change order.
    edit_module(translated, "      - id: note\n        type: callout\n        style: tip\n"
                            "        text: Pair the newcomer with a buddy for the first week.\n", "")
    edit_module(translated, "    title: Check your knowledge\n    blocks:\n",
                "    title: Check your knowledge\n    blocks:\n      - id: note\n        type: callout\n"
                "        style: tip\n        text: Pair the newcomer with a buddy for the first week.\n")
    edit_module(translated, "keywords: [onboarding, teamwork]", "keywords: [teamwork, onboarding]")
    edit_module(translated, "answers: [buddy, mentor]", "answers: [mentor, buddy]")
    report = ok(translated, "update")
    assert report["files"][1]["changes"]["moved"] == 5
    entries = by_context(translated / FR)
    moved = entries["mini-course:check/note/text"]
    assert moved.msgstr == FRENCH["mini-course:start/note/text"] and not moved.fuzzy
    assert moved.translator_comments == ["Marie: « parrain » convient mieux que « tuteur » ici."]
    assert entries["mini-course:keywords/0"].msgstr == "travail d'équipe"
    assert entries["mini-course:check/q-word/answers/0"].msgstr == "tuteur"
    assert not any(e.fuzzy for e in entries.values()) and catalog(translated / FR).obsolete == []


def test_a_renamed_id_keeps_the_translation_for_review(translated: Path) -> None:
    edit_module(translated, "id: q-plan", "id: q-planning")
    ok(translated, "update")
    entry = by_context(translated / FR)["mini-course:check/q-planning/prompt"]
    assert entry.msgstr == FRENCH["mini-course:check/q-plan/prompt"] and entry.fuzzy
    assert entry.previous_msgctxt == "mini-course:check/q-plan/prompt"
    assert_all_clean(translated)


def test_a_text_edited_twice_keeps_the_source_it_was_translated_from(translated: Path) -> None:
    edit_module(translated, "text: Nobody,", "text: Nobody at all,")
    ok(translated, "update")
    edit_module(translated, "text: Nobody at all,", "text: No one at all,")
    ok(translated, "update")
    entry = by_context(translated / FR)["mini-course:check/q-buddy/nobody/text"]
    assert entry.fuzzy and entry.msgstr == "Personne" and entry.previous_msgid == "Nobody"


def test_a_fuzzy_entry_whose_text_comes_back_stays_fuzzy_until_reviewed(translated: Path) -> None:
    edit_module(translated, "text: Nobody,", "text: Nobody at all,")
    ok(translated, "update")
    edit_module(translated, "text: Nobody at all,", "text: Nobody,")
    ok(translated, "update")
    entry = by_context(translated / FR)["mini-course:check/q-buddy/nobody/text"]
    assert entry.fuzzy and entry.previous_msgid == "Nobody"  # a person still has to confirm it


def test_update_of_every_language(translated: Path) -> None:
    ok(translated, "init", "--lang", "ar")
    edit_module(translated, "text: Nobody,", "text: No one,")
    report = ok(translated, "update")
    assert [f["file"] for f in report["files"]] == [str(POT), "translations/ar/mini-course.po", str(FR)]
    assert by_context(translated / FR)["mini-course:check/q-buddy/nobody/text"].fuzzy
    assert by_context(translated / "translations/ar/mini-course.po")["mini-course:check/q-buddy/nobody/text"].msgid \
        == "No one"
    assert catalog(translated / "translations/ar/mini-course.po").get("Language") == "ar"
    assert_all_clean(translated)


def test_user_errors(translated: Path) -> None:
    stderr = fails(translated, "update", "--lang", "de")
    assert "translations/de/mini-course.po: no such translation" in stderr
    assert "moduletool i18n init --lang de mini-course" in stderr
    assert "unknown language `tlh`" in fails(translated, "update", "--lang", "tlh")
    assert "no such module" in fails(translated, "update", "nope")


def test_a_broken_po_is_a_located_error_and_nothing_is_written(translated: Path) -> None:
    text = (translated / FR).read_text(encoding="utf-8")
    broken = text.replace('msgstr "Personne"', 'msgstr "Personne')
    (translated / FR).write_text(broken, encoding="utf-8")
    line = broken.split("\n").index('msgstr "Personne') + 1
    edit_module(translated, "text: Nobody,", "text: No one,")
    stderr = fails(translated, "update")
    assert f"translations/fr/mini-course.po:{line}:17: string not closed" in stderr
    assert "not updated: mini-course" in stderr
    assert (translated / FR).read_text(encoding="utf-8") == broken
    assert not (translated / POT).read_text(encoding="utf-8").count("No one")


def test_an_invalid_module_is_not_merged(translated: Path) -> None:
    before = (translated / FR).read_bytes()
    edit_module(translated, "title: The first day", "title: ''")
    result = i18n(translated, "update")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "modules/mini-course/module.yaml:" in result.stderr
    assert (translated / FR).read_bytes() == before
