"""The player's own words in every language: gettext catalogs shipped with the theme, overridable per project.

The default theme ships `i18n/player.pot` (the English strings of `render.strings`) and one
reviewed `i18n/<lang>.po` per language we support, all with msgctxt `player:<key>`. A content
project may override them entry by entry with `translations/<lang>/player.po` — for a wording of
its own, or for a language we do not ship. Only reviewed entries count (not fuzzy, written for
the current English text); anything else falls back to the shipped catalog, then to English,
and the build says so once per language. The module id `player` is reserved for this file.

Translations are read with the project's own catalog reader, so a broken file gives the same
located messages as a module's catalog does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..project import Project
from ..render.strings import PLAYER_STRING_NOTES, PLAYER_STRINGS, placeholders
from ..render.theme import default_theme_dir
from .catalog import Catalog, Entry, template_header
from .catalog_io import po_path, read_catalog
from .languages import canonical_tag
from .provenance import State, state_of

PLAYER_CATALOG = "player"
"""`translations/<lang>/player.po`: a project's own player strings (hence the reserved module id)."""
CONTEXT_PREFIX = f"{PLAYER_CATALOG}:"
SHIPPED_DIR = "i18n"
TEMPLATE_FILE = "player.pot"
SOURCE_REFERENCE = "src/moduletool/render/strings.py"
BRACE_FORMAT = "python-brace-format"
"""The gettext flag that makes `msgfmt -c` check `{name}` placeholders like ours."""


def context_of(key: str) -> str:
    """The msgctxt of a player string: `player:<key>`."""
    return CONTEXT_PREFIX + key


def shipped_dir() -> Path:
    """The theme's folder of player catalogs."""
    return default_theme_dir() / SHIPPED_DIR


def shipped_catalog_path(lang: str) -> Path | None:
    """The shipped catalog for `lang`, else for its base language (`pt-BR` → `pt`), else None."""
    tag = canonical_tag(lang)
    for candidate in dict.fromkeys((tag, tag.split("-")[0])):
        path = shipped_dir() / f"{candidate}.po"
        if path.is_file():
            return path
    return None


def shipped_languages() -> list[str]:
    """The languages the theme ships reviewed player strings for, sorted."""
    return sorted(path.stem for path in shipped_dir().glob("*.po"))


def project_catalog_path(root: Path, lang: str) -> Path:
    """translations/<lang>/player.po"""
    return po_path(root, canonical_tag(lang), PLAYER_CATALOG)


def player_template() -> Catalog:
    """The `.pot` of the player strings, generated from `render.strings` (the shipped file must equal it)."""
    catalog = Catalog(header_comments=[
        "Translation template of the moduletool player's own strings.",
        f"Generated from {SOURCE_REFERENCE}; do not edit: run",
        "UPDATE_GOLDEN=1 pytest tests/test_player_strings.py after changing the strings.",
    ])
    catalog.header = template_header("moduletool player", "en")
    catalog.entries = [
        Entry(context_of(key), text, extracted_comments=[PLAYER_STRING_NOTES[key]] if key in PLAYER_STRING_NOTES
              else [], references=[SOURCE_REFERENCE], flags=[BRACE_FORMAT] if placeholders(text) else [])
        for key, text in PLAYER_STRINGS.items()
    ]
    return catalog


@dataclass(frozen=True)
class PlayerStrings:
    """The player strings of one language, and which of them had to stay in English."""

    lang: str
    strings: Mapping[str, str]
    fallbacks: tuple[str, ...] = field(default=())
    """Keys without a reviewed translation: shown in English."""

    def draft_title(self, title: str) -> str:
        """A module title marked as a draft, the way this language writes it."""
        return self.strings["draft_title"].format(title=title)


def english() -> PlayerStrings:
    """The source strings, as they are written in `render.strings`."""
    return PlayerStrings("en", dict(PLAYER_STRINGS))


def _reviewed(catalog: Catalog, display: str) -> dict[str, str]:
    """Key → translation for every reviewed entry written for the current English text.

    A translation whose placeholders differ from the original would break at run time (or
    show `{curent}` to learners), so it is a located error rather than a silent fallback.
    """
    found: dict[str, str] = {}
    for entry in catalog.active:
        key = (entry.msgctxt or "").removeprefix(CONTEXT_PREFIX)
        source = PLAYER_STRINGS.get(key)
        if not (entry.msgctxt or "").startswith(CONTEXT_PREFIX) or source is None or entry.msgid != source:
            continue  # another catalog's entry, or written for an older English text
        if state_of(entry) is not State.translated:
            continue
        if placeholders(entry.msgstr) != placeholders(source):
            wanted = ", ".join(f"{{{name}}}" for name in sorted(placeholders(source))) or "none"
            raise UserError.at(display, f"`{entry.msgctxt}`: the translation's placeholders differ from the "
                                        f"original's ({wanted})", line=entry.line, code="player-placeholder",
                               hint="keep every {name} of the original exactly as written, and add none")
        found[key] = entry.msgstr
    return found


def load_player_strings(lang: str, project: Project | None = None) -> PlayerStrings:
    """The player strings for `lang`: the project's reviewed overrides, the shipped catalog, English."""
    strings = dict(PLAYER_STRINGS)
    translated: set[str] = set()
    layers = [shipped_catalog_path(lang)]
    if project is not None:
        layers.append(project_catalog_path(project.root, lang))
    for path in layers:  # later layers win
        if path is None or not path.is_file():
            continue
        shown = project.display(path) if project is not None else path.as_posix()
        reviewed = _reviewed(read_catalog(path, shown), shown)
        strings.update(reviewed)
        translated |= reviewed.keys()
    fallbacks = tuple(key for key in PLAYER_STRINGS if key not in translated)
    return PlayerStrings(canonical_tag(lang), strings, fallbacks)
