"""The SCORM 1.2 package: golden manifest, official XSDs, every file listed, reproducible bytes."""

from __future__ import annotations

import hashlib
import os
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support.projects import copy_fixture, read_zip, run_moduletool
from support.standards import assert_valid, scorm12_schema

GOLDEN = Path(__file__).parent / "golden" / "mini-course-scorm12-imsmanifest.xml"
ZIP_NAME = Path("dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip")
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
      "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("mini", tmp_path_factory.mktemp("build") / "mini")
    result = run_moduletool("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / ZIP_NAME


def test_manifest_matches_golden(built: Path) -> None:
    manifest = read_zip(built)["imsmanifest.xml"]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_bytes(manifest)
    assert manifest.decode() == GOLDEN.read_text(encoding="utf-8"), \
        "manifest changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"


def test_manifest_validates_against_official_xsds(built: Path) -> None:
    assert_valid(scorm12_schema(), read_zip(built)["imsmanifest.xml"])


def test_schema_rejects_a_broken_manifest(built: Path) -> None:
    """The validation itself can fail: a manifest without resources is refused."""
    manifest = etree.fromstring(read_zip(built)["imsmanifest.xml"])
    manifest.remove(manifest.find("cp:resources", NS))
    assert not scorm12_schema().validate(manifest)


def test_manifest_lists_every_file_and_points_at_the_sco(built: Path) -> None:
    files = read_zip(built)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    resource = manifest.find("cp:resources/cp:resource", NS)
    assert resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    assert resource.get("href") == "index.html" and "index.html" in files
    listed = {f.get("href") for f in resource.findall("cp:file", NS)}
    from urllib.parse import unquote
    assert {unquote(h) for h in listed} == set(files) - {"imsmanifest.xml"}
    assert "media/map file.svg" in files and "media/map%20file.svg" in listed
    item = manifest.find("cp:organizations/cp:organization/cp:item", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert manifest.find("cp:organizations", NS).get("default") == \
        manifest.find("cp:organizations/cp:organization", NS).get("identifier")
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "75"


def test_lom_metadata(built: Path) -> None:
    manifest = etree.fromstring(read_zip(built)["imsmanifest.xml"])
    general = manifest.find("cp:metadata/md:lom/md:general", NS)
    assert general.findtext("md:title/md:langstring", namespaces=NS) == "Welcoming a newcomer to the team"
    assert general.findtext("md:language", namespaces=NS) == "en"
    assert general.findtext("md:description/md:langstring", namespaces=NS) == \
        "A short module on the first day of a newly arrived colleague."
    assert [k.text for k in general.findall("md:keyword/md:langstring", NS)] == ["onboarding", "teamwork"]
    rights = manifest.findtext("cp:metadata/md:lom/md:rights/md:description/md:langstring", namespaces=NS)
    assert rights == "CC-BY-SA-4.0 https://creativecommons.org/licenses/by-sa/4.0/"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"


def test_zip_entries_are_sorted_with_fixed_timestamps(built: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    stored = {i.filename for i in infos if i.compress_type == zipfile.ZIP_STORED}
    assert all(not name.endswith((".html", ".js", ".css", ".xml")) for name in stored)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first = copy_fixture("mini", tmp_path / "one")
    second = copy_fixture("mini", tmp_path / "elsewhere" / "two")
    for source in (second / "modules" / "mini-course").rglob("*"):
        os.utime(source, (time.time() + 3600, time.time() + 3600))  # other mtimes must not leak in
    assert run_moduletool("build", cwd=first).returncode == 0
    assert run_moduletool("build", cwd=second).returncode == 0
    assert _digest(first / ZIP_NAME) == _digest(second / ZIP_NAME)
    again = _digest(first / ZIP_NAME)
    assert run_moduletool("build", cwd=first).returncode == 0
    assert _digest(first / ZIP_NAME) == again


def test_source_date_epoch_sets_the_entry_timestamps(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    assert run_moduletool("build", cwd=project, env=env).returncode == 0
    with zipfile.ZipFile(project / ZIP_NAME) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_build_leaves_no_temporary_files(built: Path) -> None:
    leftovers = [p for p in built.parent.iterdir() if p.name.startswith(".") or p.suffix == ".part"]
    assert leftovers == []
