"""What building one module produced, in a form that crosses process boundaries and the build cache.

A build worker returns a `ModuleOutcome`; the build cache keeps the outcome of every module
built without a problem and replays it when nothing changed. Both paths end in the same merge
(`build.py`), so a cached, a parallel and a serial build report the same packages and the same
diagnostics, in the same order. The JSON form keeps everything the report shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build_languages import TranslationStatus
from .errors import Diagnostic, Severity, SourceLocation
from .i18n.localize import Gaps


@dataclass(frozen=True)
class BuiltPackage:
    """One zip written by the build (or kept from an earlier build: `cached`)."""

    module_id: str
    lang: str
    format: str
    path: Path
    size: int
    files: int
    draft: bool = False
    cached: bool = False


@dataclass
class PackageOutcome:
    """One module × language × format: the package (None when its checks failed) and their findings."""

    format: str
    key: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    package: BuiltPackage | None = None
    sha256: str = ""
    stamp: tuple[int, ...] = ()
    """size, mtime_ns, ctime_ns and inode of the zip right after it was written: see build_cache.verified."""


@dataclass
class LanguageOutcome:
    """One module in one language: its localisation findings, whether it can be built, its packages."""

    lang: str
    key: str
    strings_diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems with the player's own strings in this language (reported once per build)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    status: TranslationStatus | None = None
    buildable: bool = False
    packages: list[PackageOutcome] = field(default_factory=list)


@dataclass
class ModuleOutcome:
    """One module, or one part of its languages (`part`) when its languages were split across workers."""

    module_id: str
    key: str
    part: int = 0
    loaded: bool = False
    own_language: str = ""
    languages: list[str] = field(default_factory=list)
    """Every language the module is built in, in build order (the part's own are in `results`)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Loading and checking the module (part 0 only)."""
    budget_errors: dict[str, Diagnostic] = field(default_factory=dict)
    """Format → why the module's saved progress does not fit that format (part 0 only)."""
    results: list[LanguageOutcome] = field(default_factory=list)


def merge_parts(parts: list[ModuleOutcome]) -> ModuleOutcome:
    """The outcomes of one module's parts as one, languages in build order."""
    first = min(parts, key=lambda part: part.part)
    order = {lang: index for index, lang in enumerate(first.languages)}
    results = sorted((r for part in parts for r in part.results), key=lambda r: order.get(r.lang, len(order)))
    return ModuleOutcome(first.module_id, first.key, 0, first.loaded, first.own_language, first.languages,
                         first.diagnostics, first.budget_errors, results)


def diagnostic_to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return diagnostic.as_json()


def diagnostic_from_json(data: dict[str, Any]) -> Diagnostic:
    return Diagnostic(SourceLocation(data["file"], data["line"], data["column"]), data["message"],
                      field=data["field"], hint=data["hint"], severity=Severity(data["severity"]), code=data["code"])


def _diagnostics(items: list[dict[str, Any]]) -> list[Diagnostic]:
    return [diagnostic_from_json(item) for item in items]


def _status_to_json(status: TranslationStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {"module": status.module_id, "lang": status.lang, "catalog": status.catalog,
            "gaps": status.gaps.as_json(), "built_as_draft": status.built_as_draft}


def _status_from_json(data: dict[str, Any] | None) -> TranslationStatus | None:
    if data is None:
        return None
    gaps = dict(data["gaps"])
    gaps["missing_media"] = tuple(gaps["missing_media"])
    return TranslationStatus(data["module"], data["lang"], data["catalog"], Gaps(**gaps), data["built_as_draft"])


def outcome_to_json(outcome: ModuleOutcome, root: Path) -> dict[str, Any]:
    """The JSON form of a complete module outcome; package paths relative to the project `root`."""
    return {
        "module": outcome.module_id, "key": outcome.key, "own_language": outcome.own_language,
        "languages": outcome.languages, "diagnostics": [diagnostic_to_json(d) for d in outcome.diagnostics],
        "results": [{
            "lang": r.lang, "key": r.key, "status": _status_to_json(r.status),
            "strings_diagnostics": [diagnostic_to_json(d) for d in r.strings_diagnostics],
            "diagnostics": [diagnostic_to_json(d) for d in r.diagnostics],
            "packages": [{
                "format": p.format, "key": p.key, "sha256": p.sha256, "stamp": list(p.stamp),
                "path": p.package.path.relative_to(root).as_posix(), "size": p.package.size,
                "files": p.package.files, "draft": p.package.draft,
                "diagnostics": [diagnostic_to_json(d) for d in p.diagnostics],
            } for p in r.packages if p.package is not None],
        } for r in outcome.results],
    }


def outcome_from_json(data: dict[str, Any], root: Path) -> ModuleOutcome:
    """A cached module outcome, its packages marked `cached`."""
    module_id = data["module"]
    results = []
    for r in data["results"]:
        packages = [PackageOutcome(
            p["format"], p["key"], _diagnostics(p["diagnostics"]),
            BuiltPackage(module_id, r["lang"], p["format"], root / p["path"], p["size"], p["files"], p["draft"],
                         cached=True),
            p["sha256"], tuple(p["stamp"])) for p in r["packages"]]
        results.append(LanguageOutcome(r["lang"], r["key"], _diagnostics(r["strings_diagnostics"]),
                                       _diagnostics(r["diagnostics"]), _status_from_json(r["status"]), True, packages))
    return ModuleOutcome(module_id, data["key"], 0, True, data["own_language"], data["languages"],
                         _diagnostics(data["diagnostics"]), {}, results)


def merge_records(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """`new`, plus what `old` (the same module, unchanged) holds for languages and formats this build left out.

    So `build -f scorm12` between two full builds does not make the next full build start over;
    whatever is carried over is checked against its own key when it is next used.
    """
    if old is None or old.get("key") != new["key"]:
        return new
    old_results = {result["lang"]: result for result in old["results"]}
    for result in new["results"]:
        previous = old_results.pop(result["lang"], None)
        if previous is not None and previous["key"] == result["key"]:
            made = {package["format"] for package in result["packages"]}
            result["packages"] += [package for package in previous["packages"] if package["format"] not in made]
    new["results"] += list(old_results.values())
    return new
