"""The build cache: a package whose inputs have not changed is kept, not built again.

Each package (module × language × format) gets a key, a SHA-256 over everything its bytes and
its checks depend on:

* the module folder: every file in it, by path and content (module.yaml, media, captions…), so
  any edit there rebuilds that module's packages and no other module's;
* the language: its catalog `translations/<lang>/<id>.po` and the project's player strings
  `translations/<lang>/player.po`;
* the format, and what only some formats use: the SCORM 2004 control documents (content), the
  `publisher_iri` of cmi5 and xAPI;
* the whole build: moduletool itself (version and source files), Python and the libraries that
  shape output, every file of the theme (shipped and the project's `templates/`), the settings
  of moduletool.yaml that reach packages, the XSDs the build validates against (content), the
  zip timestamp (`SOURCE_DATE_EPOCH`) and `--allow-drafts`.

The keys of every module built without a problem are kept in `.moduletool-cache/build.json` at
the project root (git-ignored; delete it at will), with the outcome to report again and the
size, SHA-256 and file-system stamp of each zip written. A package is reused only when its key
is unchanged and its zip is still the one written: same size, modification and change times and
inode, or else same SHA-256 (read again). A zip edited in place with all of these kept is not
noticed; `moduletool build --force` rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from . import __version__
from .fsutil import write_text_atomic
from .i18n.catalog_io import po_path
from .i18n.player_strings import project_catalog_path
from .package_check import SchemaSet
from .packaging import PackageFormat
from .packaging.control_documents import ControlDocuments
from .packaging.zipfile_writer import fixed_timestamp
from .project import ModuleSource, Project
from .render.theme import theme_dirs

CACHE_DIR = ".moduletool-cache"
CACHE_FILE = "build.json"
CACHE_VERSION = 1
SETTINGS_NOT_IN_PACKAGES = frozenset({"languages", "formats", "profile", "modules_dir", "output_dir",
                                      "publisher_iri", "control_documents", "schemas"})
"""Settings of moduletool.yaml that do not reach a package's bytes (the last three are keyed by what they name)."""
OUTPUT_LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "lxml.etree", "pydantic", "yaml")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content; `-` when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError):
        return "-"


def tree_digest(folder: Path) -> str:
    """SHA-256 over every file under `folder`: relative path and content; `-` when there is no folder."""
    if not folder.is_dir():
        return "-"
    files = sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return _digest(*(f"{path.relative_to(folder).as_posix()}:{file_digest(path)}" for path in files))


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """moduletool's version and source files, Python's version, the versions of the libraries that shape output."""
    package = Path(__file__).resolve().parent
    versions = []
    with warnings.catch_warnings():  # some libraries deprecate `__version__` (importlib.metadata is far slower)
        warnings.simplefilter("ignore")
        for name in OUTPUT_LIBRARIES:
            versions.append(f"{name}={getattr(import_module(name), '__version__', '')}")
    return _digest(__version__, sys.version, *versions, tree_digest(package))


@dataclass(frozen=True)
class BuildKeys:
    """The build-wide part of every key and each format's own part; module and language parts on demand."""

    root: Path
    environment: str
    formats: dict[str, str]

    @classmethod
    def of(cls, project: Project, formats: Iterable[PackageFormat], documents: ControlDocuments | None,
           schemas: SchemaSet | None, allow_drafts: bool) -> BuildKeys:
        settings = {name: value for name, value in project.config.model_dump(mode="json").items()
                    if name not in SETTINGS_NOT_IN_PACKAGES}
        themes = [tree_digest(folder) for folder in theme_dirs(project.root / "templates")]
        environment = _digest(f"cache {CACHE_VERSION}", tool_digest(), *themes, json.dumps(settings, sort_keys=True),
                              tree_digest(schemas.root) if schemas else "no schemas", repr(fixed_timestamp()),
                              f"allow_drafts={allow_drafts}")
        documents_digest = _digest(*(f"{name}:{hashlib.sha256(data).hexdigest()}"
                                     for name, data in sorted(documents.files.items()))) if documents else "-"
        keys = {fmt.name: _digest(fmt.name, documents_digest if fmt.control_documents else "",
                                  project.config.publisher_iri or "" if fmt.needs_publisher_iri else "")
                for fmt in formats}
        return cls(project.root, environment, keys)

    def module(self, source: ModuleSource) -> str:
        return _digest(self.environment, source.display, tree_digest(source.folder))

    def language(self, module_key: str, module_id: str, lang: str) -> str:
        return _digest(module_key, lang, file_digest(po_path(self.root, lang, module_id)),
                       file_digest(project_catalog_path(self.root, lang)))

    def package(self, language_key: str, format_name: str) -> str:
        return _digest(language_key, self.formats[format_name])


def stamp_of(path: Path) -> tuple[int, ...]:
    """What changes whenever a file is written or replaced: size, modification and change times, inode."""
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def verified(path: Path, size: int, sha256: str, stamp: tuple[int, ...]) -> tuple[int, ...] | None:
    """The zip's current stamp when it is still the one written (else None): same stamp, or same size and hash."""
    try:
        current = stamp_of(path)
    except OSError:
        return None
    if current == stamp:
        return current
    if current[0] != size or file_digest(path) != sha256:
        return None
    return current


class CacheStore:
    """`.moduletool-cache/build.json`: module id → the JSON outcome of its last complete build."""

    def __init__(self, project: Project) -> None:
        self.path = project.root / CACHE_DIR / CACHE_FILE
        self.modules: dict[str, dict[str, Any]] = {}

    def load(self) -> None:
        """Read the cache; a missing, unreadable or older-format file is an empty cache."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == CACHE_VERSION and isinstance(data.get("modules"), dict):
            self.modules = data["modules"]

    def save(self) -> None:
        """Write the cache atomically, with a note saying what the folder is."""
        readme = self.path.parent / "README"
        if not readme.is_file():
            write_text_atomic(readme, "moduletool's build cache (see `moduletool build --help`); safe to delete.\n")
        write_text_atomic(self.path, json.dumps({"version": CACHE_VERSION, "modules": self.modules},
                                                ensure_ascii=False, sort_keys=True, separators=(",", ":")))
