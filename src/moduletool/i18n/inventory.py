"""Which translations a project has: its language folders and the `.po` file of each module in each.

`stats`, `check` and the XLIFF export all ask the same question — "for these modules and this
language (or every language), which catalogs are there?" — so it is answered once, here.
A language is any folder of `translations/` holding a `.po` file (so `templates/` and the
`xliff/` exports are never mistaken for one) plus every language listed in `moduletool.yaml`,
which makes a listed language without any file show up as missing instead of vanishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..project import ModuleSource, Project
from .catalog_io import TRANSLATIONS_DIR, po_path
from .languages import canonical_tag, get_language


@dataclass(frozen=True)
class TranslationFile:
    """Where the catalog of one module in one language lives (the file may not exist yet)."""

    module: ModuleSource
    lang: str
    """The language folder's name (a BCP 47 tag such as `fr` or `pt-BR`)."""
    path: Path
    display: str

    @property
    def exists(self) -> bool:
        """Anything at the path: a folder where the .po belongs is read, and reported, not skipped."""
        return self.path.exists()


def language_folders(project: Project) -> list[str]:
    """The folders of `translations/` that hold at least one `.po`, sorted; unknown tags are user errors."""
    root = project.root / TRANSLATIONS_DIR
    if not root.is_dir():
        return []
    folders = sorted(folder for folder in root.iterdir()
                     if folder.is_dir() and not folder.name.startswith(".") and any(folder.glob("*.po")))
    problems = []
    for folder in folders:
        try:
            get_language(folder.name, where=project.display(folder))
        except UserError as error:
            problems += error.diagnostics
    if problems:
        raise UserError(problems)
    return [folder.name for folder in folders]


def project_languages(project: Project, lang: str | None = None) -> list[str]:
    """Every language of the project (folders and `languages:`), or only `lang`; sorted, no duplicates."""
    if lang is not None:
        wanted = get_language(lang).tag
        folders = [name for name in language_folders(project) if canonical_tag(name) == wanted]
        return folders or [wanted]
    found = {canonical_tag(name): name for name in language_folders(project)}
    for listed in project.config.languages:
        found.setdefault(canonical_tag(listed), canonical_tag(listed))
    return sorted(found.values())


def translation_files(project: Project, sources: list[ModuleSource], lang: str | None = None) -> list[TranslationFile]:
    """One entry per module × language, sorted by module then language (missing files included)."""
    languages = project_languages(project, lang)
    files = []
    for source in sorted(sources, key=lambda source: source.id):
        for name in languages:
            path = po_path(project.root, name, source.id)
            files.append(TranslationFile(source, name, path, project.display(path)))
    return files
