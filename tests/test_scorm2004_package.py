"""The SCORM 2004 4th Edition package: golden manifest, official XSDs, control documents, ADL's
package rules and Moodle's importer quirks (../shared/standards/PACKAGING_RULES.md), reproducible bytes."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree
from support.projects import copy_fixture, read_zip, run_moduletool
from support.standards import assert_valid, scorm2004_control_documents, scorm2004_schema, standard_example

GOLDEN = Path(__file__).parent / "golden" / "mini-course-scorm2004-imsmanifest.xml"
ZIP_NAME = Path("dist/mini-course/en/mini-course-2.1.0-en-scorm2004.zip")
MANIFEST = "imsmanifest.xml"
ENV_VAR = "MODULETOOL_CONTROL_DOCUMENTS"
NS = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
      "imsss": "http://www.imsglobal.org/xsd/imsss", "lom": "http://ltsc.ieee.org/xsd/LOM",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance", "xs": "http://www.w3.org/2001/XMLSchema"}
SCHEMA_LOCATION = f"{{{NS['xsi']}}}schemaLocation"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
# What the four XSDs the manifest names need, as ADL distributes them (lom.xsd picks the strict
# variants); the alternatives it leaves commented out must not be copied.
CONTROL_DOCUMENTS = {
    "imscp_v1p1.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd", "adlcp_v1p3.xsd",
    "imsss_v1p0.xsd", "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd",
    "imsss_v1p0limit.xsd", "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd",
    "imsss_v1p0seqrule.xsd", "imsss_v1p0util.xsd", "lom.xsd", "common/anyElement.xsd", "common/dataTypes.xsd",
    "common/elementNames.xsd", "common/elementTypes.xsd", "common/rootElement.xsd", "common/vocabTypes.xsd",
    "common/vocabValues.xsd", "unique/strict.xsd", "vocab/strict.xsd", "extend/strict.xsd",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without a control documents folder of the developer's, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    return {**env, **extra}


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = run_moduletool("build", "-f", "scorm2004", *args, cwd=project, env=env or clean_env())
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_fixture("mini", tmp_path_factory.mktemp("build") / "mini")
    code, stderr = build(project, "--control-documents", str(scorm2004_control_documents()))
    assert code == 0, stderr
    assert "warning" not in stderr
    return project / ZIP_NAME


def manifest_of(zip_path: Path) -> etree._Element:
    return etree.fromstring(read_zip(zip_path)[MANIFEST])


# ---- The manifest against the golden file and the official schemas ------------------------

def test_manifest_matches_golden(built: Path) -> None:
    manifest = read_zip(built)[MANIFEST]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_bytes(manifest)
    assert manifest.decode() == GOLDEN.read_text(encoding="utf-8"), \
        "manifest changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"


def test_manifest_validates_against_official_xsds(built: Path) -> None:
    assert_valid(scorm2004_schema(), read_zip(built)[MANIFEST])


def test_schema_driver_accepts_the_examples_and_rejects_broken_manifests(built: Path) -> None:
    """The validation itself works: valid instances pass, a missing part or a bad LOM vocabulary fails."""
    schema = scorm2004_schema()
    for example in ("scorm2004_4ed_imsmanifest.xml", "scorm2004_4ed_imsmanifest_with_lom.xml"):
        assert_valid(schema, standard_example(example))
    without_resources = manifest_of(built)
    without_resources.remove(without_resources.find("cp:resources", NS))
    assert not schema.validate(without_resources)
    bad_vocabulary = manifest_of(built)
    bad_vocabulary.find(".//lom:rights/lom:cost/lom:value", NS).text = "maybe"
    assert not schema.validate(bad_vocabulary)


# ---- Control documents ----------------------------------------------------------------------

def test_control_documents_are_at_the_root(built: Path) -> None:
    files = read_zip(built)
    folder = scorm2004_control_documents()
    control = {name for name in files if name.endswith((".xsd", ".dtd"))}
    assert control == CONTROL_DOCUMENTS
    for name in control:
        assert files[name] == (folder / name).read_bytes(), name
    # ADL: every XSD named in xsi:schemaLocation is at the zip root.
    pairs = manifest_of(built).get(SCHEMA_LOCATION).split()
    named = dict(zip(pairs[::2], pairs[1::2]))
    assert set(named) == {NS["cp"], NS["adlcp"], NS["imsss"], NS["lom"]}
    assert all("/" not in xsd and xsd in files for xsd in named.values())
    # What they include or import (relative locations) is there too, in the same layout.
    for name in control - {"XMLSchema.dtd", "datatypes.dtd"}:
        schema = etree.fromstring(files[name], etree.XMLParser(load_dtd=False, no_network=True))
        for reference in schema.iter(*(f"{{{NS['xs']}}}{tag}" for tag in ("include", "import", "redefine"))):
            location = reference.get("schemaLocation")
            if location and "://" not in location:
                assert posixpath.normpath(posixpath.join(posixpath.dirname(name), location)) in files


def test_without_control_documents_the_package_is_built_with_one_warning(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    twin = project / "modules" / "mini-twin"
    shutil.copytree(project / "modules" / "mini-course", twin)
    yaml = twin / "module.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("id: mini-course", "id: mini-twin", 1), encoding="utf-8")
    code, stderr = build(project)
    assert code == 0, stderr
    assert stderr.count("warning:") == 1  # once per build, not once per package
    assert ("moduletool.yaml: control_documents: warning: SCORM 2004 4th Edition packages are built without "
            "the XSD control documents: they import into LMSs but will not pass ADL's validator") in stderr
    assert "--control-documents DIR" in stderr and ENV_VAR in stderr
    files = read_zip(project / ZIP_NAME)
    assert not [name for name in files if name.endswith((".xsd", ".dtd"))]
    manifest = manifest_of(project / ZIP_NAME)
    assert manifest.get(SCHEMA_LOCATION) is None
    assert_valid(scorm2004_schema(), files[MANIFEST])
    # Otherwise the very same manifest as with the control documents.
    golden = etree.fromstring(GOLDEN.read_bytes())
    del golden.attrib[SCHEMA_LOCATION]
    assert etree.tostring(manifest, method="c14n", exclusive=True) == \
        etree.tostring(golden, method="c14n", exclusive=True)


def test_a_scorm12_build_needs_no_control_documents(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    config = project / "moduletool.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "control_documents: nowhere\n", encoding="utf-8")
    result = run_moduletool("build", cwd=project, env=clean_env())
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


def test_control_documents_from_the_environment_and_the_project(tmp_path: Path) -> None:
    standards = str(scorm2004_control_documents())
    project = copy_fixture("mini", tmp_path / "p")
    code, stderr = build(project, env=clean_env(**{ENV_VAR: standards}))
    assert code == 0 and "warning" not in stderr, stderr
    assert CONTROL_DOCUMENTS <= set(read_zip(project / ZIP_NAME))

    # In moduletool.yaml, a relative path is read from the project folder (not the working directory).
    other = copy_fixture("mini", tmp_path / "q")
    shutil.copytree(standards, other / "xsd")
    config = other / "moduletool.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "control_documents: xsd\n", encoding="utf-8")
    result = run_moduletool("-C", str(other), "build", "-f", "scorm2004", cwd=tmp_path, env=clean_env())
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert CONTROL_DOCUMENTS <= set(read_zip(other / ZIP_NAME))


def test_option_beats_environment_beats_project(tmp_path: Path) -> None:
    standards = str(scorm2004_control_documents())
    project = copy_fixture("mini", tmp_path / "p")
    config = project / "moduletool.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "control_documents: nowhere\n", encoding="utf-8")
    code, stderr = build(project, env=clean_env(**{ENV_VAR: standards}))
    assert code == 0, stderr
    code, stderr = build(project, "--control-documents", standards, env=clean_env(**{ENV_VAR: str(tmp_path / "no")}))
    assert code == 0, stderr


def _diagnostics(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line and not line.startswith("  hint: ")]


def test_a_missing_folder_is_a_located_error(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "p")
    code, stderr = build(project, "--control-documents", "no/such/dir")
    assert code == 1
    assert _diagnostics(stderr) == ["--control-documents: control documents folder `no/such/dir` not found"]
    assert "  hint: a relative path is read from the working directory" in stderr
    assert not (project / "dist").exists()

    code, stderr = build(project, env=clean_env(**{ENV_VAR: "elsewhere"}))
    assert code == 1
    assert _diagnostics(stderr) == [f"{ENV_VAR}: control documents folder `elsewhere` not found"]

    config = project / "moduletool.yaml"
    config.write_text("source_language: en\nformats: [scorm2004]\ncontrol_documents: ../xsd\n", encoding="utf-8")
    result = run_moduletool("build", cwd=project, env=clean_env())
    assert result.returncode == 1
    assert _diagnostics(result.stderr) == [
        "moduletool.yaml:3:20: control_documents: control documents folder `../xsd` not found"]
    assert "  hint: a relative path is read from the project folder" in result.stderr


def test_an_incomplete_folder_is_a_located_error(tmp_path: Path) -> None:
    standards = scorm2004_control_documents()
    project = copy_fixture("mini", tmp_path / "p")
    code, stderr = build(project, "--control-documents", str(standards.parent))
    assert code == 1
    assert _diagnostics(stderr) == [(f"--control-documents: control documents folder `{standards.parent}` has no "
                                     "`imscp_v1p1.xsd`, `adlcp_v1p3.xsd`, `imsss_v1p0.xsd`, `lom.xsd`")]
    assert f"did you mean `{standards}`?" in stderr

    partial = tmp_path / "partial"
    shutil.copytree(standards, partial)
    (partial / "common" / "dataTypes.xsd").unlink()
    (partial / "adlcp_v1p3.xsd").write_bytes((standards / "adlseq_v1p3.xsd").read_bytes())
    code, stderr = build(project, "--control-documents", str(partial))
    assert code == 1
    assert sorted(_diagnostics(stderr)) == [
        f"--control-documents: `adlcp_v1p3.xsd` in `{partial}` is not the schema of {NS['adlcp']}",
        f"--control-documents: `lom.xsd` in `{partial}` refers to `common/dataTypes.xsd`, which is not there",
    ]
    assert not (project / "dist").exists()


# ---- ADL's package rules and Moodle's importer -----------------------------------------------

def test_adl_package_rules(built: Path) -> None:
    """What ADL's 4th Edition validator checks beyond the XSDs (PACKAGING_RULES.md §2)."""
    files = read_zip(built)
    manifest = manifest_of(built)
    assert MANIFEST in files and manifest.tag == f"{{{NS['cp']}}}manifest"
    metadata = manifest.find("cp:metadata", NS)
    assert [child.text for child in metadata.findall("cp:schema", NS)] == ["ADL SCORM"]
    assert [child.text for child in metadata.findall("cp:schemaversion", NS)] == ["2004 4th Edition"]
    identifiers = [e.get("identifier") for e in manifest.iter() if e.get("identifier") is not None]
    assert len(identifiers) == len(set(identifiers)) and all(NCNAME.match(i) for i in identifiers), identifiers
    organizations = manifest.find("cp:organizations", NS)
    assert organizations.get("default") in {o.get("identifier") for o in organizations.findall("cp:organization", NS)}
    resources = {r.get("identifier"): r for r in manifest.findall("cp:resources/cp:resource", NS)}
    for item in manifest.iter(f"{{{NS['cp']}}}item"):
        leaf = item.find("cp:item", NS) is None
        assert (item.get("identifierref") is not None) == leaf  # only leaves launch, and every leaf does
        if leaf:
            assert resources[item.get("identifierref")].get("href")
    for resource in resources.values():
        assert resource.get(f"{{{NS['adlcp']}}}scormType") in ("sco", "asset")
    hrefs = [e.get("href") for e in manifest.iter() if e.get("href") is not None]
    assert all(not h.startswith("/") and "\\" not in h for h in hrefs)
    assert all(unquote(h) in files for h in hrefs), [h for h in hrefs if unquote(h) not in files]
    assert manifest.find(".//cp:manifest", NS) is None  # no sub-manifests
    # Every file of the package is listed by the SCO's resource (bar the manifest and the XSDs).
    [sco] = resources.values()
    listed = {unquote(f.get("href")) for f in sco.findall("cp:file", NS)}
    assert listed == set(files) - {MANIFEST} - CONTROL_DOCUMENTS
    assert "media/map file.svg" in listed and "assets/adapters/scorm2004.js" in listed
    assert "assets/adapters/scorm12.js" not in files
    assert b'data-format="scorm2004"' in files["index.html"]


def test_moodle_importer_quirks(built: Path) -> None:
    """Moodle parses without namespaces: exact schemaversion, conventional prefixes, no mapInfo, SCO first."""
    text = read_zip(built)[MANIFEST].decode()
    assert "<schemaversion>2004 4th Edition</schemaversion>" in text
    assert re.search(r"<manifest[ >]", text) and "<resource " in text and "<item " in text and "<title>" in text
    assert 'adlcp:scormType="sco"' in text and "<imsss:sequencing>" in text
    assert "mapInfo" not in text and "completionThreshold" not in text
    manifest = manifest_of(built)
    assert {prefix: manifest.nsmap[prefix] for prefix in ("adlcp", "imsss")} == {
        "adlcp": NS["adlcp"], "imsss": NS["imsss"]}
    default = manifest.find("cp:organizations", NS).get("default")
    organization = manifest.find(f"cp:organizations/cp:organization[@identifier='{default}']", NS)
    first = organization.find(".//cp:item", NS)
    resource = manifest.find(f"cp:resources/cp:resource[@identifier='{first.get('identifierref')}']", NS)
    assert resource.get(f"{{{NS['adlcp']}}}scormType") == "sco" and resource.get("href") == "index.html"


def test_mastery_is_the_primary_objective(built: Path) -> None:
    item = manifest_of(built).find(".//cp:item", NS)
    primary = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
    assert primary.get("satisfiedByMeasure") == "true" and primary.get("objectiveID")
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == "0.75"
    controls = item.find("imsss:sequencing/imsss:deliveryControls", NS)
    assert (controls.get("completionSetByContent"), controls.get("objectiveSetByContent")) == ("true", "true")
    mode = manifest_of(built).find("cp:organizations/cp:organization/imsss:sequencing/imsss:controlMode", NS)
    assert (mode.get("choice"), mode.get("flow")) == ("true", "true")


SURVEY_ONLY = """\
id: survey
version: "1.0.0"
language: en
title: A survey
description: Only opinions.
license: CC0-1.0
pages:
  - id: only
    title: Only
    blocks:
      - id: like
        type: question
        kind: likert
        prompt: Useful?
        options:
          - {id: no, text: "No"}
          - {id: yes, text: "Yes"}
"""


def test_a_module_without_graded_questions_has_no_mastery(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(SURVEY_ONLY, module_id="survey", media={})
    code, stderr = build(project, "--control-documents", str(scorm2004_control_documents()))
    assert code == 0, stderr
    zip_path = project / "dist/survey/en/survey-1.0.0-en-scorm2004.zip"
    manifest = manifest_of(zip_path)
    assert manifest.find(".//imsss:objectives", NS) is None
    assert manifest.find(".//cp:item/imsss:sequencing/imsss:deliveryControls", NS) is not None
    assert_valid(scorm2004_schema(), read_zip(zip_path)[MANIFEST])


def test_lom_metadata(built: Path) -> None:
    lom = manifest_of(built).find("cp:metadata/lom:lom", NS)
    general = lom.find("lom:general", NS)
    assert general.findtext("lom:identifier/lom:entry", namespaces=NS) == "mini-course"
    assert general.findtext("lom:title/lom:string", namespaces=NS) == "Welcoming a newcomer to the team"
    assert general.find("lom:title/lom:string", NS).get("language") == "en"
    assert general.findtext("lom:language", namespaces=NS) == "en"
    assert general.findtext("lom:description/lom:string", namespaces=NS) == \
        "A short module on the first day of a newly arrived colleague."
    assert [k.text for k in general.findall("lom:keyword/lom:string", NS)] == ["onboarding", "teamwork"]
    assert lom.findtext("lom:lifeCycle/lom:version/lom:string", namespaces=NS) == "2.1.0"
    assert lom.findtext("lom:educational/lom:typicalLearningTime/lom:duration", namespaces=NS) == "PT10M"
    assert lom.findtext("lom:rights/lom:description/lom:string", namespaces=NS) == \
        "CC-BY-SA-4.0 https://creativecommons.org/licenses/by-sa/4.0/"


# ---- Limits and reproducibility --------------------------------------------------------------

def _long_answers_module(count: int) -> str:
    questions = "".join(f"""
      - id: q{n}
        type: question
        kind: fill-in
        prompt: Type something.
        answers: [anything]
        max_length: 250""" for n in range(count))
    return f"""\
id: long
version: "1.0.0"
language: en
title: Long answers
description: Many long answers.
license: CC0-1.0
pages:
  - id: only
    title: Only
    blocks:{questions}
"""


def test_saved_state_may_reach_64000_characters(make_project) -> None:  # type: ignore[no-untyped-def]
    # 6 answers of up to 250 characters, each up to 3 characters when escaped: more than SCORM 1.2 keeps.
    project = make_project(_long_answers_module(6), module_id="long", media={})
    result = run_moduletool("build", "-f", "scorm12", "-f", "scorm2004", cwd=project, env=clean_env())
    assert result.returncode == 1
    assert "more than SCORM 1.2 stores (4096)" in result.stderr
    assert (project / "dist/long/en/long-1.0.0-en-scorm2004.zip").is_file()
    assert not (project / "dist/long/en/long-1.0.0-en-scorm12.zip").exists()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    """Control documents included: their bytes are read, never their timestamps or the folder's path."""
    first = copy_fixture("mini", tmp_path / "one")
    second = copy_fixture("mini", tmp_path / "elsewhere" / "two")
    copy = shutil.copytree(scorm2004_control_documents(), tmp_path / "xsd-copy")
    assert build(first, "--control-documents", str(scorm2004_control_documents()))[0] == 0
    assert build(second, "--control-documents", str(copy))[0] == 0
    assert _digest(first / ZIP_NAME) == _digest(second / ZIP_NAME)


def test_help_names_the_format_and_the_option() -> None:
    help_text = run_moduletool("build", "--help", cwd=Path.cwd()).stdout
    assert "scorm2004" in help_text and "--control-documents" in help_text
