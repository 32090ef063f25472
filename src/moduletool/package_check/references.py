"""Paths and references inside a package: zip entry names, hrefs, launch URLs and IRIs.

One owner for "is this a safe, relative path inside the zip?", because the same mistakes
(a Windows path, a leading slash, `..` climbing out of the package) turn up in zip entry names,
manifest hrefs, `xml:base`, cmi5 `url` and tincan `launch`, and must be judged the same way.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..errors import did_you_mean
from .report import Findings

_DRIVE = re.compile(r"^[A-Za-z]:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 3987: an IRI is scheme ":" hier-part, with no spaces, controls or the characters below.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class PathProblem:
    """Why a path cannot point at a file inside the package; `kind` completes a finding code."""

    kind: str
    reason: str
    hint: str


def path_problem(path: str, *, allow_url: bool = False) -> PathProblem | None:
    """The first reason `path` is not a plain relative path inside the package, or None.

    `allow_url`: a scheme (`https:`) is not a problem by itself (zip entry names, or callers that
    decide what a URL means); the path is still judged for `..` and backslashes.
    """
    if _DRIVE.match(path):
        return PathProblem("drive", "is a Windows drive path",
                           "use a path relative to the package root, e.g. `media/photo.jpg`")
    if path.startswith(("/", "\\")):
        return PathProblem("absolute", "is an absolute path",
                           "use a path relative to the package root: a leading `/` points at the web server's root")
    if is_url(path) and not allow_url:
        return PathProblem("url", "points outside the package", "package files must be referenced by relative paths")
    # Windows tools treat `\` as a separator, so `..\x` climbs out there: judge both spellings.
    if escapes(path.replace("\\", "/")):
        return PathProblem("escape", "climbs out of the package with `..`",
                           "every file must be inside the package; remove the `..`")
    if "\\" in path:
        return PathProblem("backslash", "contains a backslash",
                           "use forward slashes: `\\` is a file-name character on the Linux servers most LMSs run on")
    return None


def is_url(path: str) -> bool:
    """True for references with a scheme (`https:`, `mailto:`…); a drive letter is not a scheme."""
    return bool(_SCHEME.match(path)) and not _DRIVE.match(path)


def escapes(path: str) -> bool:
    """True when `..` segments climb above the package root at any point."""
    depth = 0
    for segment in path.split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                return True
        elif segment not in ("", "."):
            depth += 1
    return False


def target(reference: str, base: str = "") -> str:
    """The zip entry a relative reference names: base joined, query and fragment dropped, %-decoded.

    hrefs are URI references, so `map%20file.svg` names the entry `map file.svg`.
    """
    parts = urlsplit(reference)
    joined = posixpath.join(base, unquote(parts.path)) if base else unquote(parts.path)
    normal = posixpath.normpath(joined) if joined else joined
    return "" if normal == "." else normal


def query_names(reference: str) -> list[str]:
    """The parameter names of a reference's query string, decoded, in order."""
    query = urlsplit(reference).query
    return [unquote(pair.split("=", 1)[0].replace("+", " ")) for pair in query.split("&") if pair]


def is_iri(value: str) -> bool:
    """True for an absolute IRI (scheme, colon, no spaces or forbidden characters)."""
    return bool(_IRI.match(value))


def check_launch_target(value: str, line: int | None, present: set[str], findings: Findings, *,
                        entry: str, code: str, label: str, external_hint: str) -> None:
    """A launch reference (cmi5 AU `url`, tincan `launch`): safe, relative and inside the zip.

    A full URL is allowed for content hosted elsewhere, so it is only a warning: `check` cannot
    look at it. `label` names the reference in messages ("AU url", "launch"), `code` prefixes
    the finding codes.
    """
    if is_url(value):
        findings.warning(f"{code}-external", f"{label} `{value}` is outside the package; `check` cannot see it",
                         entry=entry, line=line, hint=external_hint)
        return
    problem = path_problem(value)
    if problem is not None:
        findings.error(f"{code}-{problem.kind}", f"{label} `{value}` {problem.reason}", entry=entry,
                       line=line, hint=problem.hint)
        return
    name = target(value)
    if name not in present:
        shown = f"`{value}`" if name == value else f"`{value}` names `{name}`, which"
        findings.error(f"{code}-missing", f"{label} {shown} is not in the zip",
                       entry=entry, line=line, hint=did_you_mean(name, sorted(present)) or "")
