"""The XML control documents (XSDs) that ADL's SCORM 2004 validator requires at the zip root.

ADL's validator fails a package unless every XSD its manifest names in `xsi:schemaLocation` is
at the zip root, together with what those XSDs include or import. They are third-party files
(IMS, ADL, IEEE, W3C) and are not kept in this repository: the user names a folder holding them
with `--control-documents DIR`, else the MODULETOOL_CONTROL_DOCUMENTS environment variable, else
`control_documents:` in moduletool.yaml (relative to the project).

Only what the manifest needs is copied: the named XSDs and, recursively, the files they include,
import or redefine and the DTDs they (and those DTDs) refer to, in their relative layout
(`common/`, `vocab/`, …). A remote import (`xml.xsd` from w3.org) is served by the folder's own
copy of that file when it has one, as ADL's distribution does, so no validator needs the network.
The bytes are read once per build and copied unchanged, so zips stay reproducible.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..config import CONFIG_FILE
from ..errors import Diagnostic, Severity, SourceLocation, UserError
from ..project import Project
from ..yaml_source import read_yaml

ENVIRONMENT_VARIABLE = "MODULETOOL_CONTROL_DOCUMENTS"
OPTION = "--control-documents"
CONFIG_KEY = "control_documents"
HOW_TO_SUPPLY = (f"name the folder holding the SCORM 2004 4th Edition XSDs with `{OPTION} DIR`, "
                 f"the {ENVIRONMENT_VARIABLE} environment variable or `{CONFIG_KEY}:` in {CONFIG_FILE}")
WHAT_BELONGS = ("the folder must hold the XSDs as ADL distributes them: imscp_v1p1.xsd, adlcp_v1p3.xsd, "
                "imsss_v1p0*.xsd, lom.xsd with common/, extend/, unique/ and vocab/, xml.xsd and its DTDs")

XSD = "http://www.w3.org/2001/XMLSchema"
_SCHEMA_REFERENCES = [f"{{{XSD}}}{tag}" for tag in ("include", "import", "redefine")]
_DTD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# External entities of a DTD: <!ENTITY % name PUBLIC "public id" "file"> or <!ENTITY name SYSTEM "file">
_DTD_EXTERNAL = re.compile(r"""<!ENTITY\s+(?:%\s+)?\S+\s+(?:PUBLIC\s+(["'])[^"']*\1\s*|SYSTEM\s+)(["'])([^"']+)\2""")


@dataclass(frozen=True)
class ControlDocuments:
    """The control documents of one build: file contents by package path (relative to the zip root)."""

    folder: Path
    files: Mapping[str, bytes]


@dataclass(frozen=True)
class _Setting:
    """Where the user named the folder: the text as written, what it is relative to, where to point."""

    text: str
    base: Path
    base_name: str
    location: SourceLocation
    field: str = ""

    @property
    def folder(self) -> Path:
        return (self.base / Path(self.text).expanduser()).resolve()

    def problem(self, message: str, hint: str = WHAT_BELONGS) -> Diagnostic:
        return Diagnostic(self.location, message, field=self.field, hint=hint, code="control-documents")


def _setting(project: Project, option: Path | None) -> _Setting | None:
    if option is not None:
        return _Setting(str(option), Path.cwd(), "the working directory", SourceLocation(OPTION))
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return _Setting(from_environment, Path.cwd(), "the working directory", SourceLocation(ENVIRONMENT_VARIABLE))
    configured = project.config.control_documents
    if configured:
        where = read_yaml(project.root / CONFIG_FILE, CONFIG_FILE).locate((CONFIG_KEY,))
        return _Setting(configured, project.root, "the project folder", where, CONFIG_KEY)
    return None


def find_control_documents(project: Project, option: Path | None,
                           schemas: Mapping[str, str]) -> ControlDocuments | None:
    """The control documents for `schemas` (namespace → root XSD file), or None when no folder is named.

    A folder that is missing, lacks a file or holds something else is a `UserError` located where
    the folder was named, with every problem listed at once.
    """
    setting = _setting(project, option)
    if setting is None:
        return None
    folder = setting.folder
    if not folder.is_dir():
        raise UserError([setting.problem(f"control documents folder `{setting.text}` not found",
                                         f"a relative path is read from {setting.base_name}")])
    missing = [name for name in schemas.values() if not (folder / name).is_file()]
    if missing:
        raise UserError([setting.problem(f"control documents folder `{setting.text}` has no "
                                         f"{', '.join(f'`{name}`' for name in missing)}",
                                         _nearby(folder, setting.text, missing[0]) or WHAT_BELONGS)])
    files, problems = _collect(folder, schemas, setting)
    if problems:
        raise UserError(problems)
    return ControlDocuments(folder, files)


def _nearby(folder: Path, as_written: str, name: str) -> str:
    """`did you mean …` when a sub-folder holds `name` (the user named the parent of the XSDs).

    The suggestion extends the path as the user wrote it, not the resolved one, so that it reads
    as a correction of what they typed (symlinks and `..` stay as they were).
    """
    found = sorted(folder.glob(f"*/{name}"))
    return f"did you mean `{Path(as_written) / found[0].parent.name}`?" if found else ""


def missing_control_documents(format_titles: Iterable[str]) -> Diagnostic:
    """The once-per-build warning that packages go out without their control documents."""
    titles = " and ".join(format_titles)
    return Diagnostic(SourceLocation(CONFIG_FILE),
                      f"{titles} packages are built without the XSD control documents: they import into LMSs "
                      "but will not pass ADL's validator", field=CONFIG_KEY, hint=HOW_TO_SUPPLY,
                      severity=Severity.WARNING, code="no-control-documents")


def _collect(folder: Path, schemas: Mapping[str, str],
             setting: _Setting) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file the root schemas need, by package path, and what is wrong with the folder."""
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    pending: deque[tuple[str, str]] = deque((name, "") for name in schemas.values())
    expected = {name: namespace for namespace, name in schemas.items()}
    while pending:
        name, referrer = pending.popleft()
        if name in files:
            continue
        path = folder / name
        if not path.is_file():
            problems.append(setting.problem(f"`{referrer}` in `{setting.text}` refers to `{name}`, which is not there"))
            continue
        data = path.read_bytes()
        files[name] = data
        try:
            references, namespace = _references(name, data)
        except etree.XMLSyntaxError as error:
            problems.append(setting.problem(f"`{name}` in `{setting.text}` is not well-formed XML: {error}"))
            continue
        if name in expected and namespace != expected[name]:
            problems.append(setting.problem(f"`{name}` in `{setting.text}` is not the schema of {expected[name]}"))
        for reference in references:
            target = _resolve(folder, name, reference)
            if target is None:
                continue
            if target == ".." or target.startswith("../"):
                problems.append(setting.problem(f"`{name}` in `{setting.text}` refers to `{reference}`, "
                                                "outside the folder"))
                continue
            pending.append((target, name))
    return dict(sorted(files.items())), problems


def _references(name: str, data: bytes) -> tuple[list[str], str | None]:
    """The files `name` refers to (as written) and, for a schema, its target namespace."""
    if name.lower().endswith(".dtd"):
        text = _DTD_COMMENT.sub("", data.decode("utf-8", errors="replace"))
        return [match.group(3) for match in _DTD_EXTERNAL.finditer(text)], None
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    tree = etree.ElementTree(etree.fromstring(data, parser))
    references = [tree.docinfo.system_url] if tree.docinfo.system_url else []
    for element in tree.getroot().iter(*_SCHEMA_REFERENCES):
        if element.get("schemaLocation"):
            references.append(element.get("schemaLocation", "").strip())
    return references, tree.getroot().get("targetNamespace")


def _resolve(folder: Path, referrer: str, reference: str) -> str | None:
    """The package path `reference` (written in `referrer`) stands for; None when nothing is to be copied.

    A remote location counts only when the folder has a file of that name at its root.
    """
    if urlsplit(reference).scheme or reference.startswith("/"):
        name = posixpath.basename(urlsplit(reference).path)
        return name if name and (folder / name).is_file() else None
    return posixpath.normpath(posixpath.join(posixpath.dirname(referrer), reference))
