"""The corpus of broken packages: each case builds one zip with one mistake (or one kind of mistake).

What `check` must say about each is pinned in check_expected.py; see test_check_corpus.py.
Cases are built in memory by `check_packages`, so the corpus is readable code, not binary blobs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from check_packages import (
    CMI5,
    CONTENT,
    SCORM12,
    SCORM2004,
    TINCAN,
    make_zip,
    make_zip_entries,
    package,
    set_flag,
    swap,
)

from moduletool.package_check import ZipLimits


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    limits: ZipLimits = field(default_factory=ZipLimits)


def _scorm12(*replacements: tuple[str, str], **kwargs: object) -> Callable[[], bytes]:
    return lambda: package(swap(SCORM12, *replacements), **kwargs)  # type: ignore[arg-type]


def _scorm2004(*replacements: tuple[str, str], **kwargs: object) -> Callable[[], bytes]:
    return lambda: package(swap(SCORM2004, *replacements), **kwargs)  # type: ignore[arg-type]


def _cmi5(*replacements: tuple[str, str], **kwargs: object) -> Callable[[], bytes]:
    return lambda: package(swap(CMI5, *replacements), "cmi5.xml", **kwargs)  # type: ignore[arg-type]


def _tincan(*replacements: tuple[str, str], **kwargs: object) -> Callable[[], bytes]:
    return lambda: package(swap(TINCAN, *replacements), "tincan.xml", **kwargs)  # type: ignore[arg-type]


def _with_entry(name: str, content: bytes = b"x") -> Callable[[], bytes]:
    return lambda: make_zip({"imsmanifest.xml": SCORM12, **CONTENT, name: content})


def _truncated() -> bytes:
    data = package(SCORM12)
    return data[: len(data) // 2]


def _bomb() -> bytes:
    return make_zip({"imsmanifest.xml": SCORM12, **CONTENT, "media/zeros.bin": bytes(4 * 1024 * 1024)})


def _stored_bzip2() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", SCORM12)
        for name, content in CONTENT.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_BZIP2 if name == "index.html" else None)
    return buffer.getvalue()


def _external_entity() -> bytes:
    doctype = '<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
    return package(swap(SCORM12, ("<manifest ", doctype + "<manifest "), ("<title>Course</title>", "<title>&secret;</title>")))


def _billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    return package(swap(SCORM12, ("<manifest ", f"<!DOCTYPE manifest [{entities}]>\n<manifest "),
                        ("<title>Course</title>", "<title>&a9;</title>")))


SCHEMA_LOCATION_2004 = (
    '          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">',
    ('          xmlns:imsss="http://www.imsglobal.org/xsd/imsss"\n'
    '          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
    '          xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd '
    'http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">'))

CASES: list[Case] = [
    # --- the zip itself -------------------------------------------------------------------------
    Case("not-a-zip", lambda: b"<html>this is a web page, not a zip</html>"),
    Case("empty-file", lambda: b""),
    Case("truncated-zip", _truncated),
    Case("zip-slip", _with_entry("../evil.sh")),
    Case("zip-slip-nested", _with_entry("media/../../evil.sh")),
    Case("zip-absolute-path", _with_entry("/etc/cron.d/evil")),
    Case("zip-drive-path", _with_entry("C:\\Windows\\evil.dll")),
    Case("zip-backslash-path", _with_entry("media\\photo2.jpg")),
    Case("zip-slip-backslash", _with_entry("..\\..\\evil.bat")),
    Case("zip-duplicate-entry", lambda: make_zip_entries(
        [("imsmanifest.xml", SCORM12.encode()), *CONTENT.items(), ("index.html", b"again")])),
    Case("zip-case-collision", _with_entry("Index.html")),
    Case("zip-name-not-utf8", lambda: set_flag(_with_entry("media/café.jpg")(), "media/café.jpg", 0x800, False)),
    Case("zip-encrypted-entry", lambda: set_flag(package(SCORM12), "index.html", 0x1, True)),
    Case("zip-bzip2-entry", _stored_bzip2),
    Case("zip-bomb-ratio", _bomb),
    Case("zip-too-many-entries", lambda: make_zip({"imsmanifest.xml": SCORM12, **CONTENT,
                                                   **{f"media/{i}.txt": b"" for i in range(20)}}),
         ZipLimits(max_entries=10)),
    Case("zip-too-large", lambda: package(SCORM12, extra={"media/big.bin": bytes(range(256)) * 8}),
         ZipLimits(max_total_size=1000)),
    # --- which standard -------------------------------------------------------------------------
    Case("no-manifest", lambda: make_zip(CONTENT)),
    Case("manifest-in-folder", lambda: make_zip({f"course/{k}": v for k, v in
                                                 {"imsmanifest.xml": SCORM12, **CONTENT}.items()})),
    Case("manifest-mis-cased", lambda: make_zip({"IMSManifest.xml": SCORM12, **CONTENT})),
    Case("malformed-xml", _scorm12(("      </item>\n", ""))),
    Case("xml-external-entity", _external_entity),
    Case("xml-billion-laughs", _billion_laughs),
    Case("wrong-namespace", _scorm12(('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
                                      'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p3"'))),
    # --- SCORM manifest rules ---------------------------------------------------------------------
    Case("schemaversion-whitespace", _scorm2004(("<schemaversion>2004 4th Edition</schemaversion>",
                                                 "<schemaversion>\n      2004 4th Edition\n    </schemaversion>"))),
    Case("schemaversion-wrong-version", _scorm2004(("<schemaversion>2004 4th Edition</schemaversion>",
                                                    "<schemaversion>1.2</schemaversion>"))),
    Case("schemaversion-missing", _scorm12(("    <schemaversion>1.2</schemaversion>\n", ""))),
    Case("schema-name-wrong", _scorm2004(("<schema>ADL SCORM</schema>", "<schema>SCORM</schema>"))),
    Case("dangling-default", _scorm12(('default="ORG-1"', 'default="ORG-2"'))),
    Case("dangling-identifierref", _scorm12(('identifierref="RES-1"', 'identifierref="RES-2"'))),
    Case("duplicate-identifier", _scorm12(('<item identifier="ITEM-1"', '<item identifier="RES-1"'))),
    Case("identifier-not-ncname", _scorm12(('<item identifier="ITEM-1"', '<item identifier="1 item"'))),
    Case("leaf-without-identifierref-2004", _scorm2004(
        ('      </item>\n', '      </item>\n      <item identifier="ITEM-2"><title>Empty</title></item>\n'))),
    Case("leaf-without-identifierref-12", _scorm12(
        ('      </item>\n', '      </item>\n      <item identifier="ITEM-2"><title>Empty</title></item>\n'))),
    Case("identifierref-on-parent-2004", _scorm2004(
        ('        <title>Lesson</title>\n',
         ('        <title>Lesson</title>\n'
         '        <item identifier="ITEM-2" identifierref="RES-1"><title>Part</title></item>\n')))),
    Case("resource-without-href", _scorm12((' href="index.html">', '>'))),
    Case("dangling-dependency", _scorm12(('      <file href="media/photo.jpg"/>\n',
                                          ('      <file href="media/photo.jpg"/>\n'
                                          '      <dependency identifierref="RES-COMMON"/>\n')))),
    Case("sub-manifest", _scorm12(('  </resources>\n', '  </resources>\n  <manifest identifier="SUB-1"/>\n'))),
    Case("listed-file-missing", lambda: package(SCORM12, without=("media/photo.jpg",))),
    Case("launch-file-mis-cased", _scorm12(('href="index.html">', 'href="Index.html">'))),
    Case("unlisted-file", lambda: package(SCORM12, extra={"media/unused.png": b"png"})),
    Case("href-backslash", _scorm12(('<file href="media/photo.jpg"/>', '<file href="media\\photo.jpg"/>'))),
    Case("href-absolute", _scorm12(('<file href="media/photo.jpg"/>', '<file href="/media/photo.jpg"/>'))),
    Case("href-parent", _scorm12(('<file href="media/photo.jpg"/>', '<file href="../media/photo.jpg"/>'))),
    Case("href-url-for-sco", _scorm12(('href="index.html">', 'href="https://example.org/index.html">'))),
    Case("xml-base-without-slash", _scorm12(('<resource identifier="RES-1"', ('<resource xml:base="media" '
                                             'identifier="RES-1"')))),
    Case("scormtype-missing", _scorm12((' adlcp:scormtype="sco"', ''))),
    Case("scormtype-2004-spelling-in-12", _scorm12(('adlcp:scormtype="sco"', 'adlcp:scormType="sco"'))),
    Case("scormtype-value", _scorm2004(('adlcp:scormType="sco"', 'adlcp:scormType="SCO"'))),
    Case("wrong-prefix", _scorm12(('xmlns:adlcp=', 'xmlns:adl='), ('adlcp:scormtype', 'adl:scormtype'))),
    Case("imscp-prefixed", lambda: package(SCORM12.replace('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
                                                           'xmlns:cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"')
                                           .replace("<", "<cp:").replace("<cp:/", "</cp:").replace("<cp:?", "<?")
                                           .replace("cp:adlcp:", "adlcp:"))),
    Case("other-version-namespace", _scorm2004(('xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
                                                'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'))),
    Case("asset-first", _scorm12(
        ('      <item identifier="ITEM-1" identifierref="RES-1">\n',
         ('      <item identifier="ITEM-0" identifierref="RES-0"><title>Intro</title></item>\n'
         '      <item identifier="ITEM-1" identifierref="RES-1">\n')),
        ('  </resources>', ('    <resource identifier="RES-0" type="webcontent" adlcp:scormtype="asset" '
                           'href="intro.html"><file href="intro.html"/></resource>\n  </resources>')),
        extra={"intro.html": b"intro"})),
    Case("no-sco", _scorm12(('adlcp:scormtype="sco"', 'adlcp:scormtype="asset"'))),
    Case("map-info", _scorm2004(
        ('              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>\n',
         ('              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>\n'
         '              <imsss:mapInfo targetObjectiveID="GLOBAL-1" writeSatisfiedStatus="true"/>\n')))),
    Case("control-documents-missing-2004", _scorm2004(SCHEMA_LOCATION_2004)),
    # --- cmi5 -----------------------------------------------------------------------------------
    Case("cmi5-id-not-iri", _cmi5(('<au id="https://example.org/courses/c1/au/1"', '<au id="au-1"'))),
    Case("cmi5-duplicate-id", _cmi5(('<au id="https://example.org/courses/c1/au/1"',
                                     '<au id="https://example.org/courses/c1"'))),
    Case("cmi5-mastery-precision", _cmi5(('masteryScore="0.8"', 'masteryScore="0.12345"'))),
    Case("cmi5-mastery-range", _cmi5(('masteryScore="0.8"', 'masteryScore="80"'))),
    Case("cmi5-reserved-query", _cmi5(('au/index.html?lang=en', 'au/index.html?lang=en&amp;actor=me'))),
    Case("cmi5-url-absolute-path", _cmi5(('<url>au/index.html?lang=en</url>', '<url>/au/index.html</url>'))),
    Case("cmi5-url-parent", _cmi5(('<url>au/index.html?lang=en</url>', '<url>../au/index.html</url>'))),
    Case("cmi5-url-missing", _cmi5(('<url>au/index.html?lang=en</url>', '<url>au/start.html</url>'))),
    Case("cmi5-url-external", _cmi5(('<url>au/index.html?lang=en</url>',
                                     '<url>https://lms.example.org/au/index.html</url>'))),
    Case("cmi5-unknown-objective", _cmi5(('idref="https://example.org/courses/c1/objectives/o1"',
                                          'idref="https://example.org/courses/c1/objectives/o2"'))),
    Case("cmi5-wrong-namespace", _cmi5(('xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"',
                                        'xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure"'))),
    # --- Tin Can --------------------------------------------------------------------------------
    Case("tincan-missing-launch", _tincan(('      <launch lang="en">index.html</launch>\n', ''))),
    Case("tincan-launch-missing-file", _tincan(('>index.html</launch>', '>start.html</launch>'))),
    Case("tincan-id-not-iri", _tincan(('id="https://example.org/courses/c1"', 'id="course 1"'))),
]
