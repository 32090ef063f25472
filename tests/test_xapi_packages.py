"""The cmi5 and xAPI (Tin Can) packages: golden cmi5.xml and tincan.xml, the official XSDs, IRIs
built from `publisher_iri`, moveOn and masteryScore from the completion rule, the runtime that
ships, reproducible bytes, and the user errors of a missing or malformed `publisher_iri`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import etree
from support.projects import copy_fixture, read_zip, run_moduletool
from support.standards import assert_valid, schema_for, standards_dir

from moduletool.activity_ids import ActivityIds
from moduletool.modules import load_module
from moduletool.package_check import Standard
from moduletool.packaging.base import PackageContext
from moduletool.packaging.cmi5 import build_course_structure, mastery_score, move_on
from moduletool.packaging.registry import FORMATS
from moduletool.packaging.xapi import build_tincan
from moduletool.packaging.xapi_common import XAPI_STATE_LIMIT
from moduletool.project import ModuleSource
from moduletool.schema import Completion, CompletionRule, Module

GOLDEN = Path(__file__).parent / "golden"
PUBLISHER = "https://example.org/partnership"
DIST = Path("dist/mini-course/en")
CMI5 = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
TINCAN = {"t": "http://projecttincan.com/tincan.xsd"}


def _project(root: Path, publisher: str | None = PUBLISHER) -> Path:
    project = copy_fixture("mini", root / "mini")
    if publisher is not None:
        config = project / "moduletool.yaml"
        config.write_text(config.read_text(encoding="utf-8") + f"publisher_iri: {publisher}\n", encoding="utf-8")
    return project


def _zip(project: Path, fmt: str) -> dict[str, bytes]:
    return read_zip(project / DIST / f"mini-course-2.1.0-en-{fmt}.zip")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = _project(tmp_path_factory.mktemp("xapi"))
    result = run_moduletool("build", "-f", "cmi5", "-f", "xapi", "-f", "scorm12", cwd=built)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", "a clean build has nothing to warn about"
    return built


@pytest.fixture(scope="module")
def module(project: Path) -> Module:
    loaded = load_module(ModuleSource(project / "modules" / "mini-course", "module.yaml")).module
    assert loaded is not None
    return loaded


def _context(module: Module, lang: str = "en") -> PackageContext:
    return PackageContext(module, lang, {"index.html": b""}, 0, activity_ids=ActivityIds(PUBLISHER, module.id))


@pytest.mark.parametrize(("fmt", "name", "golden"), [("cmi5", "cmi5.xml", "mini-course-cmi5.xml"),
                                                    ("xapi", "tincan.xml", "mini-course-tincan.xml")])
def test_course_files_match_golden(project: Path, fmt: str, name: str, golden: str) -> None:
    document = _zip(project, fmt)[name]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        (GOLDEN / golden).write_bytes(document)
    assert document.decode() == (GOLDEN / golden).read_text(encoding="utf-8"), \
        f"{name} changed; if on purpose, rerun with UPDATE_GOLDEN=1 and review the diff"


def test_cmi5_xml_validates_against_course_structure_xsd(project: Path) -> None:
    assert_valid(schema_for(Standard.CMI5), _zip(project, "cmi5")["cmi5.xml"])


def test_tincan_xml_validates_against_tincan_xsd(project: Path) -> None:
    assert_valid(schema_for(Standard.TINCAN), _zip(project, "xapi")["tincan.xml"])


def test_the_schemas_can_refuse(project: Path) -> None:
    """The validation itself can fail: an AU without its url, an activity without its name."""
    cmi5 = etree.fromstring(_zip(project, "cmi5")["cmi5.xml"])
    au = cmi5.find("c:au", CMI5)
    au.remove(au.find("c:url", CMI5))
    assert not schema_for(Standard.CMI5).validate(cmi5)
    tincan = etree.fromstring(_zip(project, "xapi")["tincan.xml"])
    activity = tincan.find("t:activities/t:activity", TINCAN)
    activity.remove(activity.find("t:name", TINCAN))
    assert not schema_for(Standard.TINCAN).validate(tincan)


def test_moduletool_check_passes_both_packages(project: Path) -> None:
    """The rules beyond the XSDs (unique IRIs, launch files in the zip, mastery precision) hold too."""
    result = run_moduletool("check", "--schemas", str(standards_dir()), str(project / DIST / "*cmi5.zip"),
                            str(project / DIST / "*xapi.zip"), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout and "warning" not in result.stdout + result.stderr


def test_cmi5_course_au_and_objectives(project: Path) -> None:
    root = etree.fromstring(_zip(project, "cmi5")["cmi5.xml"])
    ids = ActivityIds(PUBLISHER, "mini-course")
    assert root.find("c:course", CMI5).get("id") == f"{PUBLISHER}/courses/mini-course" == ids.course
    au = root.find("c:au", CMI5)
    assert (au.get("id"), au.get("moveOn"), au.get("masteryScore"), au.get("launchMethod")) == \
        (ids.au, "CompletedAndPassed", "0.75", "AnyWindow")
    assert au.findtext("c:url", namespaces=CMI5) == "index.html"
    assert [o.get("id") for o in root.findall("c:objectives/c:objective", CMI5)] == [ids.objective("welcome")]
    assert [o.get("idref") for o in au.findall("c:objectives/c:objective", CMI5)] == [ids.objective("welcome")]
    assert au.findtext("c:title/c:langstring", namespaces=CMI5) == "Welcoming a newcomer to the team"
    assert au.find("c:title/c:langstring", CMI5).get("lang") == "en"


def test_tincan_activities(project: Path) -> None:
    root = etree.fromstring(_zip(project, "xapi")["tincan.xml"])
    activities = root.findall("t:activities/t:activity", TINCAN)
    launchable = [a for a in activities if a.find("t:launch", TINCAN) is not None]
    assert [a.get("id") for a in launchable] == [f"{PUBLISHER}/courses/mini-course"]
    assert launchable[0].findtext("t:launch", namespaces=TINCAN) == "index.html"
    by_id = {a.get("id"): a for a in activities}
    word = by_id[f"{PUBLISHER}/courses/mini-course/questions/q-word"]
    assert word.findtext("t:interactionType", namespaces=TINCAN) == "fill-in"
    assert [p.text for p in word.findall("t:correctResponsePatterns/t:correctResponsePattern", TINCAN)] == \
        ["buddy", "mentor"]
    buddy = by_id[f"{PUBLISHER}/courses/mini-course/questions/q-buddy"]
    assert [c.findtext("t:id", namespaces=TINCAN) for c in buddy.findall("t:choices/t:component", TINCAN)] == \
        ["buddy", "nobody"]
    assert f"{PUBLISHER}/courses/mini-course/pages/check" in by_id


def test_ids_are_the_same_in_every_language(module: Module) -> None:
    """One activity per module for reporting, whatever language the learner took it in."""
    def ids(document: bytes) -> list[str]:
        return [e.get("id") or e.get("idref") for e in etree.fromstring(document).iter()
                if e.get("id") or e.get("idref")]

    english, french = _context(module, "en"), _context(module, "fr")
    assert ids(build_course_structure(english)) == ids(build_course_structure(french))
    assert ids(build_tincan(english)) == ids(build_tincan(french))
    assert b'lang="fr"' in build_tincan(french) and b'lang="en"' not in build_tincan(french)


@pytest.mark.parametrize(("require", "graded", "expected"), [
    (CompletionRule.ALL_PAGES, True, "Completed"),
    (CompletionRule.QUIZ, True, "Passed"),
    (CompletionRule.ALL_PAGES_AND_QUIZ, True, "CompletedAndPassed"),
    (CompletionRule.QUIZ, False, "Completed"),
    (CompletionRule.ALL_PAGES_AND_QUIZ, False, "Completed"),
])
def test_move_on_follows_the_completion_rule(module: Module, require: CompletionRule, graded: bool,
                                             expected: str) -> None:
    variant = module.model_copy(update={"completion": Completion(require=require, mastery=0.5),
                                        "pages": module.pages if graded else module.pages[:1]})
    assert bool(variant.graded_questions()) is graded
    assert move_on(variant) == expected


@pytest.mark.parametrize(("mastery", "expected"), [(0.75, "0.75"), (0.8, "0.8"), (1.0, "1"), (0.0, "0"),
                                                   (0.333, "0.33"), (0.7, "0.7")])
def test_mastery_score_is_the_runtimes_whole_percent(module: Module, mastery: float, expected: str) -> None:
    variant = module.model_copy(update={"completion": Completion(mastery=mastery)})
    assert mastery_score(_context(variant)) == expected


def test_no_mastery_score_without_graded_questions(module: Module) -> None:
    variant = module.model_copy(update={"pages": module.pages[:1]})
    assert mastery_score(_context(variant)) is None
    assert b"masteryScore" not in build_course_structure(_context(variant))


def test_each_package_ships_its_own_runtime(project: Path) -> None:
    cmi5, xapi, scorm = (set(_zip(project, fmt)) for fmt in ("cmi5", "xapi", "scorm12"))
    adapters = {fmt: {f for f in files if f.startswith("assets/adapters/")}
                for fmt, files in (("cmi5", cmi5), ("xapi", xapi), ("scorm12", scorm))}
    assert adapters == {"cmi5": {"assets/adapters/cmi5.js", "assets/adapters/xapi-client.js"},
                        "xapi": {"assets/adapters/xapi.js", "assets/adapters/xapi-client.js"},
                        "scorm12": {"assets/adapters/scorm-api.js", "assets/adapters/scorm12.js"}}
    assert "cmi5.xml" in cmi5 and "tincan.xml" in xapi and not {"cmi5.xml", "tincan.xml"} & scorm


def test_course_data_carries_iris_only_for_xapi_formats(project: Path) -> None:
    ids = ActivityIds(PUBLISHER, "mini-course")
    cmi5_page = _zip(project, "cmi5")["index.html"].decode()
    assert f'"auIri":"{ids.au}"' in cmi5_page and f'"iri":"{ids.question("q-word")}"' in cmi5_page
    assert '"correctResponsesPattern":["buddy","mentor"]' in cmi5_page
    assert PUBLISHER not in _zip(project, "scorm12")["index.html"].decode()


def test_no_lrs_endpoint_or_credential_is_built_in(project: Path) -> None:
    """Endpoint, token and learner come from the launch URL only."""
    leaks = [re.compile(p) for p in (r"127\.0\.0\.1", r"localhost", r"mailto:[^\s\"']+@", r"Basic [A-Za-z0-9+/=]{8,}",
                                        r"\"auth-token\"\s*:\s*\"\w", r"[?&](endpoint|fetch|auth)=")]
    for fmt in ("cmi5", "xapi"):
        for name, data in _zip(project, fmt).items():
            text = data.decode("utf-8", errors="replace")
            assert not [leak.pattern for leak in leaks if leak.search(text)], (fmt, name)


def test_packages_are_reproducible(project: Path, tmp_path: Path) -> None:
    again = _project(tmp_path)
    assert run_moduletool("build", "-f", "cmi5", "-f", "xapi", cwd=again).returncode == 0
    for fmt in ("cmi5", "xapi"):
        name = f"mini-course-2.1.0-en-{fmt}.zip"
        assert (again / DIST / name).read_bytes() == (project / DIST / name).read_bytes()


def test_state_limit_is_the_state_api_budget(tmp_path: Path) -> None:
    assert FORMATS["cmi5"].state_limit == FORMATS["xapi"].state_limit == XAPI_STATE_LIMIT > 4096
    project = _project(tmp_path)
    module = project / "modules" / "mini-course" / "module.yaml"
    questions = "".join(
        f"      - {{id: long-{n}, type: question, kind: fill-in, prompt: Say it, answers: [x], max_length: 250}}\n"
        for n in range(22))
    module.write_text(module.read_text(encoding="utf-8") + questions, encoding="utf-8")
    result = run_moduletool("build", "-f", "cmi5", cwd=project)
    assert result.returncode == 1
    assert f"more than cmi5 stores ({XAPI_STATE_LIMIT})" in result.stderr


def test_missing_publisher_iri_is_a_located_user_error(tmp_path: Path) -> None:
    project = _project(tmp_path, publisher=None)
    for fmt in ("cmi5", "xapi"):
        result = run_moduletool("build", "-f", "scorm12", "-f", fmt, cwd=project)
        assert result.returncode == 1
        assert result.stderr.startswith("moduletool.yaml: "), result.stderr
        assert "need `publisher_iri`" in result.stderr and "hint: add `publisher_iri: https://" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (project / "dist").exists(), "nothing is built when the build cannot be complete"


@pytest.mark.parametrize(("value", "problem"), [
    ("example.org/partnership", "is not an absolute http(s) IRI"),
    ("ftp://example.org/partnership", "is not an absolute http(s) IRI"),
    ("https://example.org/our partnership", "contains spaces"),
    ("https://editor:secret@example.org/partnership", "must not contain a user name or password"),
    ("https://example.org/partnership?lang=en", "must not have a query"),
])
def test_malformed_publisher_iri_is_located(tmp_path: Path, value: str, problem: str) -> None:
    project = _project(tmp_path, publisher=f'"{value}"')
    result = run_moduletool("build", "-f", "cmi5", cwd=project)
    assert result.returncode == 1
    line = len((project / "moduletool.yaml").read_text(encoding="utf-8").splitlines())
    assert f"moduletool.yaml:{line}:16: publisher_iri: `{value}` {problem}" in result.stderr, result.stderr
    assert "hint: write an http(s) address your organisation controls" in result.stderr
    assert "Traceback" not in result.stderr


def test_trailing_slash_of_publisher_iri_is_dropped(tmp_path: Path) -> None:
    project = _project(tmp_path, publisher=PUBLISHER + "/")
    assert run_moduletool("build", "-f", "cmi5", cwd=project).returncode == 0
    course = etree.fromstring(_zip(project, "cmi5")["cmi5.xml"]).find("c:course", CMI5)
    assert course.get("id") == f"{PUBLISHER}/courses/mini-course"
