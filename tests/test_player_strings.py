"""The player's own strings: the shipped template and catalogs, how they load, how a project overrides them.

`UPDATE_GOLDEN=1` regenerates `templates/i18n/player.pot` from `render/strings.py` and brings every
shipped catalog in step with it (changed texts come back fuzzy, new ones empty), so that the
completeness test then names exactly what needs translating.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from i18n.gettext_tools import assert_gettext_clean
from support.projects import copy_fixture, read_zip, run_moduletool

from moduletool.errors import UserError
from moduletool.i18n.catalog import Entry
from moduletool.i18n.catalog_io import read_catalog, write_catalog
from moduletool.i18n.languages import get_language
from moduletool.i18n.merge import update_translation
from moduletool.i18n.player_strings import (
    CONTEXT_PREFIX,
    TEMPLATE_FILE,
    load_player_strings,
    player_template,
    shipped_catalog_path,
    shipped_dir,
    shipped_languages,
)
from moduletool.i18n.po_format import format_catalog
from moduletool.i18n.provenance import State, state_of
from moduletool.project import Project
from moduletool.render.strings import PLAYER_STRING_NOTES, PLAYER_STRINGS, placeholders

REQUIRED = ["en", "fr", "pt", "es", "it", "de", "el", "ro", "tr", "uk", "ar", "fa"]
"""Languages we promise reviewed player strings for."""


def _refresh_shipped_catalogs() -> None:
    template = player_template()
    write_catalog(shipped_dir() / TEMPLATE_FILE, template)
    for lang in shipped_languages():
        path = shipped_dir() / f"{lang}.po"
        updated, _ = update_translation(read_catalog(path, str(path)), template, get_language(lang))
        write_catalog(path, updated)


def test_template_matches_the_strings() -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        _refresh_shipped_catalogs()
    path = shipped_dir() / TEMPLATE_FILE
    assert path.read_text(encoding="utf-8") == format_catalog(player_template()), \
        "templates/i18n/player.pot is stale: rerun with UPDATE_GOLDEN=1, then translate what became fuzzy or empty"
    assert_gettext_clean(path)


def test_every_string_tells_translators_what_it_is() -> None:
    assert set(PLAYER_STRING_NOTES) == set(PLAYER_STRINGS)
    for key, text in PLAYER_STRINGS.items():
        for name in placeholders(text):
            assert f"{{{name}}}" in PLAYER_STRING_NOTES[key], f"the note of `{key}` does not explain {{{name}}}"


def test_required_languages_are_shipped() -> None:
    assert set(REQUIRED) <= set(shipped_languages())


@pytest.mark.parametrize("lang", REQUIRED)
def test_shipped_catalog_is_complete_reviewed_and_gettext_clean(lang: str) -> None:
    path = shipped_catalog_path(lang)
    assert path is not None and path.name == f"{lang}.po"
    catalog = read_catalog(path, str(path))
    assert catalog.get("Language") == get_language(lang).gettext_code
    assert catalog.obsolete == []
    entries: dict[str, Entry] = {}
    for entry in catalog.active:
        assert entry.msgctxt and entry.msgctxt.startswith(CONTEXT_PREFIX)
        entries[entry.msgctxt.removeprefix(CONTEXT_PREFIX)] = entry
    assert set(entries) == set(PLAYER_STRINGS), "missing or unknown keys"
    for key, source in PLAYER_STRINGS.items():
        entry = entries[key]
        assert entry.msgid == source, f"{lang}: `{key}` translates an older English text"
        assert state_of(entry) is State.translated, f"{lang}: `{key}` is {state_of(entry).value}"
        assert placeholders(entry.msgstr) == placeholders(source), f"{lang}: `{key}` placeholders"
        assert entry.msgstr == entry.msgstr.strip() and "  " not in entry.msgstr
        if lang != "en":
            assert entry.msgstr != source, f"{lang}: `{key}` is still English"
    assert_gettext_clean(path)


def test_placeholders_are_checked_by_msgfmt_too() -> None:
    """The template flags every entry with placeholders, so `msgfmt -c` checks each translation's."""
    for entry in player_template().entries:
        assert ("python-brace-format" in entry.flags) == bool(placeholders(entry.msgid))


def test_scripts_are_right_for_each_language() -> None:
    """Arabic and Persian letters differ (ي/ی, ك/ک); Romanian uses the comma below (ș, ț)."""
    def text(lang: str) -> str:
        return "".join(load_player_strings(lang).strings.values())

    assert not re.search("[\u06cc\u06a9]", text("ar"))
    assert not re.search("[\u064a\u0643]", text("fa"))
    assert not re.search("[\u015f\u0163]", text("ro"))
    assert ";" not in text("el"), "`;` is the Greek question mark"


def test_loading_a_shipped_language() -> None:
    french = load_player_strings("fr")
    assert french.strings["next"] == "Suivant" and french.fallbacks == ()
    assert french.draft_title("Accueil") == "Accueil (brouillon)"
    assert load_player_strings("pt-BR").strings["next"] == load_player_strings("pt").strings["next"]


def test_a_language_without_catalog_falls_back_to_english() -> None:
    tigrinya = load_player_strings("ti")
    assert dict(tigrinya.strings) == PLAYER_STRINGS
    assert set(tigrinya.fallbacks) == set(PLAYER_STRINGS)


def _override(project_root: Path, lang: str, entries: list[Entry]) -> Path:
    catalog = player_template()
    catalog.set("Language", lang)
    catalog.entries = entries
    path = project_root / "translations" / lang / "player.po"
    write_catalog(path, catalog)
    return path


def test_a_project_overrides_reviewed_entries_only(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    fuzzy = Entry("player:previous", "Previous", "Retour", flags=["fuzzy"])
    _override(project, "fr", [Entry("player:next", "Next", "Continuer"), fuzzy,
                              Entry("player:finish", "Finished", "Fini")])  # written for an older English text
    strings = load_player_strings("fr", Project.find(project))
    assert strings.strings["next"] == "Continuer"
    assert strings.strings["previous"] == "Précédent" and strings.strings["finish"] == "Terminer"
    assert strings.fallbacks == ()


def test_a_project_adds_a_language_we_do_not_ship(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    _override(project, "ti", [Entry("player:next", "Next", "ቀጻሊ")])
    strings = load_player_strings("ti", Project.find(project))
    assert strings.strings["next"] == "ቀጻሊ" and strings.strings["previous"] == "Previous"
    assert "next" not in strings.fallbacks and "previous" in strings.fallbacks


def test_wrong_placeholders_in_an_override_are_a_located_error(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    path = _override(project, "fr", [Entry("player:next", "Next", "Suivant"),
                                     Entry("player:page_of", "Page {current} of {total}", "Page {curent} sur {total}")])
    line = path.read_text(encoding="utf-8").split("\n").index('msgctxt "player:page_of"') + 1
    with pytest.raises(UserError) as caught:
        load_player_strings("fr", Project.find(project))
    [problem] = caught.value.diagnostics
    assert str(problem.location) == f"translations/fr/player.po:{line}"
    assert "placeholders" in problem.message and "{current}, {total}" in problem.message
    result = run_moduletool("build", "--lang", "fr", "--lang", "en", "--allow-drafts", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"translations/fr/player.po:{line}: `player:page_of`" in result.stderr
    assert "not built: mini-course (fr)" in result.stderr
    assert (project / "dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip").is_file()
    assert not (project / "dist/mini-course/fr").exists()


def test_build_uses_the_language_and_warns_once_about_missing_player_strings(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    second = project / "modules" / "second-course"
    second.mkdir()
    source = (project / "modules/mini-course/module.yaml").read_text(encoding="utf-8")
    (second / "module.yaml").write_text(source.replace("id: mini-course", "id: second-course"), encoding="utf-8")
    (second / "media").mkdir()
    (second / "media" / "map file.svg").write_bytes((project / "modules/mini-course/media/map file.svg").read_bytes())
    result = run_moduletool("build", "--lang", "ti", "--lang", "fr", "--allow-drafts", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("the player's own strings (buttons, messages) have no translation in `ti`") == 1
    assert "in `fr`" not in result.stderr
    french = read_zip(project / "dist/mini-course/fr/mini-course-2.1.0-fr-scorm12-draft.zip")["index.html"].decode()
    assert ">Suivant<" in french and "Welcoming a newcomer to the team (brouillon)" in french


def test_the_module_id_player_is_reserved(make_project: Callable[..., Path]) -> None:
    project = make_project(module_id="player")
    result = run_moduletool("validate", cwd=project)
    assert result.returncode == 1
    assert "modules/player/module.yaml:1:5: id: the id `player` is reserved" in result.stderr
