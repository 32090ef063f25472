"""Complete, reviewed translations for fixture projects, made with moduletool's own `i18n init`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from moduletool.i18n import workflow
from moduletool.i18n.catalog_io import po_path, read_catalog, write_catalog
from moduletool.project import Project


def translate_all(root: Path, lang: str, modules: Iterable[str]) -> None:
    """Start `lang` for every module, then translate and review every entry of `modules`' catalogs.

    Texts become `(<lang>) <source>`, which keeps their Markdown and links; media paths stay the same.
    """
    project = Project.find(root)
    workflow.init(project, project.select([]), lang)
    for module_id in modules:
        path = po_path(root, lang, module_id)
        catalog = read_catalog(path, path.name)
        for entry in catalog.active:
            entry.msgstr = entry.msgid if (entry.msgctxt or "").endswith("/src") else f"({lang}) {entry.msgid}"
            entry.set_fuzzy(False)
        write_catalog(path, catalog)
