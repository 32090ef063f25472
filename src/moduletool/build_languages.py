"""The languages of a build: which ones each module is built in, and what each one needs.

A module is built in its own language and in every language of `moduletool.yaml` (or only in
those named with `--lang`). A target language needs the module's catalog with every text
reviewed; otherwise the build refuses it with a one-line summary per module — unless drafts are
allowed, and then the package falls back to the source text and says visibly that it is a draft
(title suffix, banner, manifest metadata, file name); the fallen-back texts carry the source
language's `lang` and `dir`, so an Arabic draft shows its English paragraphs left to right. The
player's own strings come from the theme's catalogs (`i18n.player_strings`); a language without
them is built in English words, with one warning per build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .activity_ids import ActivityIds
from .errors import Diagnostic, Severity, SourceLocation, UserError
from .i18n.catalog_io import po_path
from .i18n.languages import canonical_tag, get_language
from .i18n.localize import Gaps, Localized, localize
from .i18n.player_strings import (
    SHIPPED_DIR,
    TEMPLATE_FILE,
    PlayerStrings,
    load_player_strings,
    project_catalog_path,
    shipped_languages,
)
from .modules import LoadedModule
from .project import Project
from .render.player import RenderRequest
from .schema import Module


def requested_languages(project: Project, cli_languages: Iterable[str]) -> list[str] | None:
    """The `--lang` tags, checked and canonical (`pt_br` → `pt-BR`); None when none were given.

    The project's `languages` are checked too, so that a typo there stops the build before any
    package is written rather than in the middle of it.
    """
    for index, tag in enumerate(project.config.languages):
        try:
            get_language(tag)
        except UserError as error:
            raise UserError([dataclasses.replace(d, location=project.setting_location("languages", index),
                                                 field=f"languages[{index}]") for d in error.diagnostics]) from None
    chosen = [get_language(tag, where="--lang").tag for tag in cli_languages]
    return list(dict.fromkeys(chosen)) or None


def build_languages(own_language: str, project: Project, requested: list[str] | None) -> list[str]:
    """The languages to build a module written in `own_language` in: `requested`, else its own and the project's."""
    if requested is not None:
        return requested
    own = canonical_tag(own_language)
    return list(dict.fromkeys([own, *(canonical_tag(tag) for tag in project.config.languages)]))


def languages_for(module: Module, project: Project, requested: list[str] | None) -> list[str]:
    """The languages to build `module` in: `requested`, else its own language and the project's."""
    return build_languages(module.language, project, requested)


@dataclass(frozen=True)
class TranslationStatus:
    """One module × target language whose translation is not complete and reviewed."""

    module_id: str
    lang: str
    catalog: str
    """The catalog's path as shown to the user."""
    gaps: Gaps
    built_as_draft: bool

    def summary(self) -> str:
        """`job-search fr: 3 untranslated, 2 fuzzy (1 machine draft) — translations/fr/job-search.po`"""
        return f"{self.module_id} {self.lang}: {self.gaps.describe()} — {self.catalog}"

    def as_json(self) -> dict[str, object]:
        return {"module": self.module_id, "lang": self.lang, "file": self.catalog,
                "built": "draft" if self.built_as_draft else False, **self.gaps.as_json()}


def refusal_hint(statuses: Iterable[TranslationStatus]) -> str:
    """What to do about the translations a build refused; empty when it refused none."""
    refused = [status for status in statuses if not status.built_as_draft]
    if not refused:
        return ""
    steps = []
    if any(status.gaps.catalog_missing for status in refused):
        first, *others = dict.fromkeys(status.lang for status in refused if status.gaps.catalog_missing)
        steps.append(f"start a missing catalog with `moduletool i18n init --lang {first}`"
                     + (f" (likewise for {', '.join(others)})" if others else ""))
    if any(status.gaps.outdated for status in refused):
        steps.append("bring outdated catalogs in step with `moduletool i18n update`")
    steps.append("translate the rest and review it (remove the fuzzy flags you have checked), or build with "
                 "--allow-drafts to publish packages marked as drafts, with the source text where the "
                 "translation is missing")
    return "; ".join(steps)


@dataclass(frozen=True)
class LanguageVariant:
    """One module in one language, ready to render: its texts, the player's strings, whether it is a draft."""

    lang: str
    module: Module
    strings: PlayerStrings
    draft: bool = False
    in_source_language: frozenset[str] = frozenset()
    """Texts and media paths left in the source language (`Localized.in_source_language`)."""

    def render_request(self, module_dir: Path, package_format: str, project_templates: Path,
                       activity_ids: ActivityIds | None) -> RenderRequest:
        """What the player renderer needs to render this variant in `package_format`."""
        return RenderRequest(self.module, module_dir, self.lang, package_format, project_templates,
                             activity_ids=activity_ids, strings=self.strings, draft=self.draft,
                             in_source_language=self.in_source_language)


def localized(project: Project, loaded: LoadedModule, lang: str) -> tuple[Localized, str]:
    """The module in `lang` and the display path of its catalog (empty for the source language)."""
    assert loaded.module is not None
    if lang == canonical_tag(loaded.module.language):
        return Localized(loaded.module), ""
    catalog = po_path(project.root, lang, loaded.module.id)
    display = project.display(catalog)
    return localize(loaded, lang, catalog, display), display


def language_variant(lang: str, result: Localized, strings: PlayerStrings) -> LanguageVariant:
    """The module of a localisation that may be built, as a release or (with gaps) as a draft."""
    module = result.module
    assert module is not None
    draft = bool(result.gaps)
    if draft:  # the title says so in the learner's language, everywhere the title appears
        module = module.model_copy(update={"title": strings.draft_title(module.title)})
    return LanguageVariant(lang, module, strings, draft=draft, in_source_language=result.in_source_language)


@dataclass
class PlayerStringsCache:
    """Each language's player strings, loaded once per build; problems and warnings are reported once."""

    project: Project
    diagnostics: list[Diagnostic]
    """Where problems go (the build report's list)."""
    loaded: dict[str, PlayerStrings | None] = field(default_factory=dict)

    def get(self, lang: str) -> PlayerStrings | None:
        """The strings of `lang`; None when the project's own catalog of them is broken (reported)."""
        if lang not in self.loaded:
            self.loaded[lang] = self._load(lang)
        return self.loaded[lang]

    def _load(self, lang: str) -> PlayerStrings | None:
        try:
            strings = load_player_strings(lang, self.project)
        except UserError as error:
            self.diagnostics.extend(error.diagnostics)
            return None
        if strings.fallbacks:
            self.diagnostics.append(self._fallback_warning(strings))
        return strings

    def _fallback_warning(self, strings: PlayerStrings) -> Diagnostic:
        override = self.project.display(project_catalog_path(self.project.root, strings.lang))
        missing, total = len(strings.fallbacks), len(strings.strings)
        shipped = ", ".join(shipped_languages())
        what = "have no translation" if missing == total else f"lack {missing} of {total} translations"
        return Diagnostic(
            SourceLocation(override), f"the player's own strings (buttons, messages) {what} in `{strings.lang}`: "
                                      "learners see them in English",
            hint=f"moduletool ships them in {shipped}; for `{strings.lang}`, translate a copy of the theme's "
                 f"{SHIPPED_DIR}/{TEMPLATE_FILE} into {override}",
            severity=Severity.WARNING, code="player-strings")
