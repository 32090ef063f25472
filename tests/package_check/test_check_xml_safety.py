"""Package XML is parsed without expanding entities or reading anything else: no XXE, no entity bombs."""

from __future__ import annotations

import time
from pathlib import Path

from check_packages import SCORM12, swap

from moduletool.package_check import Standard, check_package_files


def test_an_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doctype = f'<!DOCTYPE manifest [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>\n'
    manifest = swap(SCORM12, ("<manifest ", doctype + "<manifest "), ("<title>Lesson</title>", "<title>&secret;</title>"),
                    ('identifierref="RES-1"', 'identifierref="RES-2"'))
    files = {"imsmanifest.xml": manifest.encode(), "index.html": b"x", "media/photo.jpg": b"x"}
    findings = check_package_files(files, "p.zip", Standard.SCORM12)
    assert [d.code for d in findings] == ["xml-entities", "dangling-identifierref"], "the rules still ran"
    assert not any("TOP-SECRET" in d.message + d.hint for d in findings)


def test_an_entity_bomb_is_refused_at_once() -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 12))
    manifest = swap(SCORM12, ("<manifest ", f"<!DOCTYPE manifest [{entities}]>\n<manifest "),
                    ("<title>Course</title>", "<title>&a11;</title>"))
    started = time.monotonic()
    findings = check_package_files({"imsmanifest.xml": manifest.encode()}, "p.zip", Standard.SCORM12)
    assert time.monotonic() - started < 5
    assert [d.code for d in findings] == ["xml-entity-bomb"]
