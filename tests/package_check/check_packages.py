"""Small builders for the packages `moduletool check` is tested on: valid templates, then one mistake each.

Packages are made in memory from short templates (line numbers below are stable because the
templates are), never stored as binary blobs. A mistake is a text replacement on a template
(`swap`), extra or missing files, or a byte-level change to the finished zip.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Mapping

from support.standards import standards_dir

SCORM12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MAN-1" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Course</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>Lesson</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="media/photo.jpg"/>
    </resource>
  </resources>
</manifest>
"""
"""SCORM 1.2: item on line 12, resource on line 18, files on lines 19-20."""

SCORM2004 = """\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MAN-1" version="1"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>Course</title>
      <item identifier="ITEM-1" identifierref="RES-1">
        <title>Lesson</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
      <file href="media/photo.jpg"/>
    </resource>
  </resources>
</manifest>
"""
"""SCORM 2004: item on line 13, primaryObjective on line 17, resource on line 26."""

CMI5 = """\
<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.org/courses/c1">
    <title><langstring lang="en">Course</langstring></title>
    <description><langstring lang="en">A course.</langstring></description>
  </course>
  <objectives>
    <objective id="https://example.org/courses/c1/objectives/o1">
      <title><langstring lang="en">Objective</langstring></title>
      <description><langstring lang="en">An objective.</langstring></description>
    </objective>
  </objectives>
  <au id="https://example.org/courses/c1/au/1" moveOn="CompletedOrPassed" masteryScore="0.8">
    <title><langstring lang="en">Lesson</langstring></title>
    <description><langstring lang="en">The only AU.</langstring></description>
    <objectives>
      <objective idref="https://example.org/courses/c1/objectives/o1"/>
    </objectives>
    <url>au/index.html?lang=en</url>
  </au>
</courseStructure>
"""
"""cmi5: course on line 3, objective on line 8, au on line 13, objective reference on 17, url on 19."""

TINCAN = """\
<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="https://example.org/courses/c1" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en">Course</name>
      <description lang="en">A course.</description>
      <launch lang="en">index.html</launch>
    </activity>
  </activities>
</tincan>
"""
"""Tin Can: activity on line 4, launch on line 7."""

CONTENT = {"index.html": b"<!doctype html><title>x</title>", "media/photo.jpg": b"\xff\xd8\xff\xe0 jpeg"}


def swap(text: str, *replacements: tuple[str, str]) -> str:
    """`text` with each `old` replaced by `new`; each `old` must occur exactly once (the template drifted else)."""
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the template"
        text = text.replace(old, new)
    return text


def make_zip(files: Mapping[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding `files` in the given order, names written exactly as given (duplicates allowed)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which some cases want
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, content in files.items():
                archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content, compress_type=compression)
    return buffer.getvalue()


def make_zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip from (name, content) pairs, so one name can appear twice."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in entries:
                archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content,
                                 compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def package(document: str, name: str = "imsmanifest.xml", *, extra: Mapping[str, bytes | str] | None = None,
            without: tuple[str, ...] = ()) -> bytes:
    """A zip with `document` as `name` plus the usual content files (minus `without`, plus `extra`)."""
    files: dict[str, bytes | str] = {name: document}
    files.update({k: v for k, v in CONTENT.items() if k not in without})
    if name == "cmi5.xml":
        files["au/index.html"] = files.pop("index.html", b"")
    files.update(extra or {})
    return make_zip(files)


def set_flag(data: bytes, name: str, flag: int, on: bool) -> bytes:
    """Set or clear a general-purpose flag bit of entry `name` in both its local and central header."""
    out = bytearray(data)
    encoded = name.encode("utf-8")
    for signature, flag_offset, name_offset in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            length = struct.unpack_from("<H", out, start + name_offset - (4 if signature == b"PK\x03\x04" else 18))[0]
            if bytes(out[start + name_offset:start + name_offset + length]) == encoded:
                flags = struct.unpack_from("<H", out, start + flag_offset)[0]
                struct.pack_into("<H", out, start + flag_offset, flags | flag if on else flags & ~flag)
            start += 4
    return bytes(out)


def examples() -> dict[str, bytes]:
    """Zips around each example of ../shared/standards/examples, with every file the example references."""
    folder = standards_dir("examples")
    scorm12_xsds = {p.name: p.read_bytes() for p in sorted(standards_dir("scorm12").glob("*.xsd"))}
    scorm2004_xsds = {p.name: p.read_bytes() for p in sorted(standards_dir("scorm2004_4ed").glob("*.xsd"))}
    page, css = b"<!doctype html><title>Lesson 1</title>", b"body { margin: 0 }"
    return {
        "scorm12": make_zip({"imsmanifest.xml": (folder / "scorm12_imsmanifest.xml").read_bytes(),
                             "index.html": page, "shared/style.css": css, **scorm12_xsds}),
        "scorm2004": make_zip({"imsmanifest.xml": (folder / "scorm2004_4ed_imsmanifest.xml").read_bytes(),
                               "index.html": page, "shared/style.css": css, **scorm2004_xsds}),
        "scorm2004-lom": make_zip({"imsmanifest.xml": (folder / "scorm2004_4ed_imsmanifest_with_lom.xml").read_bytes(),
                                   "index.html": page, "index_metadata.xml": b"<lom/>", **scorm2004_xsds}),
        "cmi5": make_zip({"cmi5.xml": (folder / "cmi5.xml").read_bytes(), "au1/index.html": page}),
        "tincan": make_zip({"tincan.xml": (folder / "tincan.xml").read_bytes(), "index.html": page}),
    }
