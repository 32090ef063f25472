"""End to end: a SCORM 2004 package built by `moduletool build`, played in Chromium against scorm-again.

The test LMS offers scorm-again's Scorm2004API as window.API_1484_11 and, like a real LMS, hands
the SCO the manifest's mastery (`minNormalizedMeasure`) as `cmi.scaled_passing_score`, so
scorm-again judges success from `score.scaled` itself: a package passes only when its own rule
and the LMS's agree. A scripted learner walks the modules; the test checks completion, success,
scaled score, progress, every interaction with its correct responses, the objectives, the
bookmark and saved state, session time and exit, then relaunches and checks the learner resumes.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
from learner import (
    Answer,
    encode_state,
    expect_locked,
    expect_on_page,
    expected_objectives,
    expected_progress,
    expected_score,
    expected_status,
    finish,
    go,
    plan_all,
    plan_answer,
    walk,
    wrong_answers,
)
from lxml import etree
from playwright.sync_api import expect

from moduletool.render.player import RenderRequest, render_player
from moduletool.schema import Module

MODULES = ["job-search", "player-demo"]
IMSSS = "http://www.imsglobal.org/xsd/imsss"
SESSION_TIME = re.compile(r"^PT\d+H\d{1,2}M\d{1,2}\.\d{2}S$")
TIMESTAMP = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{2}Z$")
INTERACTION_ID = re.compile(r"^cmi\.interactions\.(\d+)\.id$")
RESULTS = {"correct": "correct", "wrong": "incorrect", "neutral": "neutral"}
# Moodle checks choice and likert identifiers against [\w.]{1,250}.
MOODLE_SHORT_IDENTIFIER = re.compile(r"^[\w.]{1,250}$")


# ---- SCORM 2004 forms of an answer ---------------------------------------------------------

def js_number(value: float) -> str:
    """A number as JavaScript's String() writes it (1 → "1", 0.33 → "0.33")."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def short_id(option: str) -> str:
    return option.replace("-", "_")


def fill_in(text: str) -> str:
    return text[:250].replace("[,]", "[ ,]")


def learner_response(answer: Answer) -> str:
    kind = answer.question["kind"]
    if kind == "true-false":
        return "true" if answer.value else "false"
    if kind == "fill-in":
        text = fill_in(answer.value)
        return " " + text if text.startswith("{") else text
    return "[,]".join(short_id(option) for option in answer.response_ids)


def correct_patterns(q: dict[str, Any]) -> list[str]:
    if not q["graded"]:
        return []
    if q["kind"] == "true-false":
        return ["true" if q["correct"][0] else "false"]
    if q["kind"] == "fill-in":
        prefix = "{case_matters=true}" if q["caseSensitive"] else ""
        return [prefix + fill_in(answer.strip()) for answer in q["correct"][:5]]
    return ["[,]".join(short_id(option) for option in q["correct"])]


# ---- Reading what the LMS recorded ----------------------------------------------------------

def set_values(log: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(entry["args"][0], entry["args"][1]) for entry in log if entry["call"] == "SetValue"]


def last_value(log: list[dict[str, Any]], element: str) -> str | None:
    values = [value for name, value in set_values(log) if name == element]
    return values[-1] if values else None


def assert_clean_session(log: list[dict[str, Any]]) -> None:
    """One Initialize first, one Terminate last, every write accepted, session time set once before it.

    Reading an element the LMS has no value for yet is allowed: SCORM 2004 answers "" with 403.
    """
    calls = [entry["call"] for entry in log]
    assert calls[0] == "Initialize" and calls.count("Initialize") == 1
    assert calls[-1] == "Terminate" and calls.count("Terminate") == 1
    assert "Commit" in calls
    refused = [entry for entry in log if entry["result"] != "true" and entry["call"] != "GetValue"]
    assert refused == []
    errors = [e for e in log if e["error"] != "0" and not (e["call"] == "GetValue" and e["error"] == "403")]
    assert errors == []
    times = [value for name, value in set_values(log) if name == "cmi.session_time"]
    assert len(times) == 1 and SESSION_TIME.match(times[0]), times
    assert log[-2]["args"][:1] in (["cmi.session_time"], ["cmi.exit"])


def recorded(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return [collection[key] for key in sorted(collection, key=int)]


def assert_interactions(cmi: dict[str, Any], logs: list[list[dict[str, Any]]], answers: list[Answer]) -> None:
    """Exactly one interaction per answered question, in answering order, in SCORM 2004 formats."""
    interactions = recorded(cmi["cmi"]["interactions"])
    assert [i["id"] for i in interactions] == [a.question["id"] for a in answers]
    for interaction, answer in zip(interactions, answers):
        q = answer.question
        assert interaction["type"] == q["interaction"], q["id"]
        assert interaction["learner_response"] == learner_response(answer), q["id"]
        assert interaction["result"] == RESULTS[answer.result], q["id"]
        assert TIMESTAMP.match(interaction["timestamp"]), interaction["timestamp"]
        assert [p["pattern"] for p in recorded(interaction["correct_responses"])] == correct_patterns(q), q["id"]
        assert interaction["weighting"] == (str(q["points"]) if q["graded"] else "")
        assert [o["id"] for o in recorded(interaction["objectives"])] == q["objectives"]
        if q["kind"] in ("single", "multiple", "likert"):
            assert all(MOODLE_SHORT_IDENTIFIER.match(part) for part in interaction["learner_response"].split("[,]"))
    written = [value for log in logs for name, value in set_values(log) if INTERACTION_ID.match(name)]
    assert sorted(written) == sorted(a.question["id"] for a in answers), "an interaction was written twice"
    indexes = [int(name.split(".")[2]) for log in logs for name, _ in set_values(log) if INTERACTION_ID.match(name)]
    assert indexes == list(range(len(answers)))


def assert_objectives(cmi: dict[str, Any], course: dict[str, Any], plan: dict[str, Answer]) -> None:
    """One cmi.objectives record per objective the questions assess, judged like the module."""
    expected = expected_objectives(course, plan)
    records = {record["id"]: record for record in recorded(cmi["cmi"]["objectives"])}
    assert sorted(records) == sorted(expected)
    for objective, want in expected.items():
        record = records[objective]
        assert record["completion_status"] == ("incomplete" if want["status"] == "incomplete" else "completed")
        assert record["success_status"] == (want["status"] if want["score"] is not None else "unknown")
        score = want["score"]
        assert record["score"]["scaled"] == ("" if score is None else js_number(score / 100)), objective
        assert record["score"]["raw"] == ("" if score is None else str(score)), objective


def assert_progress(cmi: dict[str, Any], course: dict[str, Any], visited: list[bool], plan: dict[str, Answer]) -> None:
    """completion_status, success_status, score and progress_measure as the module's rule says."""
    data = cmi["cmi"]
    status = expected_status(course, visited, plan)
    assert data["completion_status"] == ("incomplete" if status == "incomplete" else "completed")
    assert data["success_status"] == (status if status in ("passed", "failed") else "unknown")
    score = expected_score(course, plan) if status in ("passed", "failed") else None
    if score is None:
        assert (data["score"]["scaled"], data["score"]["raw"]) == ("", "")
    else:
        assert data["score"] == {"scaled": js_number(score / 100), "raw": str(score), "min": "0", "max": "100"}
    assert data["progress_measure"] == js_number(math.floor(expected_progress(course, visited, plan) * 10000) / 10000)


def without_empty(data: Any) -> Any:
    """What an LMS keeps: the values that were set (scorm-again renders the others as "")."""
    if isinstance(data, dict):
        kept = {key: without_empty(value) for key, value in data.items()}
        return {key: value for key, value in kept.items() if value not in ("", {})}
    return data


def relaunch_data(cmi: dict[str, Any], entry: str, passing: str | None) -> dict[str, Any]:
    """What an LMS hands the SCO on the next launch of the same attempt."""
    data = cmi["cmi"]
    kept = {key: data[key] for key in ("location", "suspend_data", "completion_status", "success_status",
                                       "progress_measure", "score", "interactions", "objectives")}
    return {**without_empty(kept), "entry": entry, **({"scaled_passing_score": passing} if passing else {})}


def scaled_passing_score(package: Path) -> str | None:
    """The manifest's mastery, which an LMS gives the SCO as cmi.scaled_passing_score."""
    manifest = etree.parse(str(package / "imsmanifest.xml"))
    return manifest.findtext(f".//{{{IMSSS}}}primaryObjective/{{{IMSSS}}}minNormalizedMeasure")


# ---- Tests -----------------------------------------------------------------------------------

@pytest.fixture(params=MODULES)
def module_id(request: pytest.FixtureRequest, packages: Any, site: Any) -> str:
    site.install_package(packages.get(request.param, "scorm2004"))
    return request.param


def test_full_session_then_reentry(module_id: str, packages: Any, lms2004: Any) -> None:
    course, strings = packages.course(module_id), packages.strings(module_id)
    passing = scaled_passing_score(packages.get(module_id, "scorm2004"))
    assert passing == js_number(course["completion"]["masteryPercent"] / 100)
    plan = plan_all(course, wrong_answers(module_id, course))
    pages = course["pages"]
    everything = [True] * len(pages)
    score, status = expected_score(course, plan), expected_status(course, everything, plan)
    if module_id == "player-demo":
        assert (score, status) == (33, "failed")  # the fixture is built to fail; keep it that way

    lms = lms2004
    lms.open()
    frame = lms.launch(cmi={"scaled_passing_score": passing})
    first = course["questions"][0]
    first_page = [p["id"] for p in pages].index(first["page"])
    walk(frame, course, strings, plan, stop=first_page + 1)
    go(frame, course, strings, "#previous", first_page)
    go(frame, course, strings, "#next", first_page + 1)
    walk(frame, course, strings, plan, start=first_page + 1)
    state = frame.evaluate("window.moduletool.state()")
    assert (state["status"], state["score"]) == (status, score)
    finish(frame, course, strings, status, score)
    lms.close()

    cmi, log = lms.cmi(), lms.log()
    assert_progress(cmi, course, everything, plan)
    assert cmi["cmi"]["location"] == pages[-1]["id"]
    assert cmi["cmi"]["suspend_data"] == encode_state(course, len(pages) - 1, everything, plan)
    reading_order = [plan[q["id"]] for q in course["questions"]]
    assert_interactions(cmi, [log], reading_order)
    assert_objectives(cmi, course, plan)
    assert_clean_session(log)
    exits = [value for name, value in set_values(log) if name == "cmi.exit"]
    assert exits[0] == "suspend" and exits[-1] == "normal"  # suspended while unfinished, normal once done
    assert next(v for n, v in set_values(log) if n == "cmi.completion_status") == "incomplete"
    assert lms.tab.errors == []

    # The learner opens the module again and the LMS (like Moodle) hands back the same attempt.
    lms.clear_log()
    frame = lms.launch(cmi=relaunch_data(cmi, "", passing))
    expect_on_page(frame, course, strings, len(pages) - 1)
    for answer in reading_order:
        expect_locked(frame, answer)
    state = frame.evaluate("window.moduletool.state()")
    assert (state["status"], state["score"], state["visited"]) == (status, score, everything)
    lms.close()
    second = lms.log()
    assert not [n for n, _ in set_values(second) if n.startswith(("cmi.interactions.", "cmi.objectives."))
                and n.endswith(".id")]
    assert_clean_session(second)
    after = lms.cmi()
    assert_progress(after, course, everything, plan)
    assert after["cmi"]["suspend_data"] == cmi["cmi"]["suspend_data"]
    assert last_value(second, "cmi.exit") == "normal"
    assert [i["id"] for i in recorded(after["cmi"]["interactions"])] == [a.question["id"] for a in reading_order]
    assert lms.tab.errors == []


def test_suspend_mid_module_and_resume(module_id: str, packages: Any, lms2004: Any) -> None:
    course, strings = packages.course(module_id), packages.strings(module_id)
    passing = scaled_passing_score(packages.get(module_id, "scorm2004"))
    pages = course["pages"]
    page_index = {p["id"]: i for i, p in enumerate(pages)}
    stop = page_index[course["questions"][1]["page"]]
    assert stop + 1 < len(pages) - 1
    first_plan = {q["id"]: plan_answer(q, right=True) for q in course["questions"] if page_index[q["page"]] <= stop}

    lms = lms2004
    lms.open()
    frame = lms.launch(cmi={"scaled_passing_score": passing})
    walk(frame, course, strings, first_plan, stop=stop)
    go(frame, course, strings, "#next", stop + 1)
    go(frame, course, strings, "#previous", stop)
    lms.close()

    cmi, log = lms.cmi(), lms.log()
    visited = [i <= stop + 1 for i in range(len(pages))]
    assert_progress(cmi, course, visited, first_plan)
    assert 0 < float(cmi["cmi"]["progress_measure"]) < 1
    assert cmi["cmi"]["location"] == pages[stop]["id"]
    assert cmi["cmi"]["suspend_data"] == encode_state(course, stop, visited, first_plan)
    assert last_value(log, "cmi.exit") == "suspend"
    assert_clean_session(log)
    answered_first = [first_plan[q["id"]] for q in course["questions"] if q["id"] in first_plan]
    assert_interactions(cmi, [log], answered_first)
    assert_objectives(cmi, course, first_plan)

    # The learner comes back: the LMS resumes the suspended attempt with what it kept.
    lms.clear_log()
    frame = lms.launch(cmi=relaunch_data(cmi, "resume", passing))
    expect_on_page(frame, course, strings, stop)
    for answer in answered_first:
        expect_locked(frame, answer)
    for q in course["questions"]:
        if q["id"] not in first_plan:
            expect(frame.locator(f"#q-{q['id']}")).not_to_have_class(re.compile(r"\bis-answered\b"))
    assert frame.evaluate("window.moduletool.state().visited") == visited
    assert not [n for n, _ in set_values(lms.log()) if n.startswith("cmi.interactions.")]

    plan = {**first_plan, **{q["id"]: plan_answer(q, right=True) for q in course["questions"]
                             if q["id"] not in first_plan}}
    walk(frame, course, strings, plan, start=stop)
    everything = [True] * len(pages)
    assert (expected_score(course, plan), expected_status(course, everything, plan)) == (100, "passed")
    finish(frame, course, strings, "passed", 100)
    lms.close()

    second, after = lms.log(), lms.cmi()
    assert_clean_session(second)
    assert_progress(after, course, everything, plan)
    assert last_value(second, "cmi.exit") == "normal"
    # Interactions continue after the ones the LMS already holds; objectives are updated in place.
    assert_interactions(after, [log, second], [plan[q["id"]] for q in course["questions"]])
    assert_objectives(after, course, plan)
    assert lms.tab.errors == []


def test_api_is_found_through_the_opener(module_id: str, packages: Any, lms2004: Any) -> None:
    """An LMS that opens the SCO in a window of its own: the API is found on the opener."""
    course = packages.course(module_id)
    lms2004.open()
    popup = lms2004.launch_popup()
    assert popup.evaluate("window.moduletool.state().connected") is True
    popup.click("#next")
    lms2004.page.evaluate("window.closeSco()")
    lms2004.page.wait_for_function("window.lmsLog.some(e => e.call === 'Terminate')")
    assert lms2004.cmi()["cmi"]["location"] == course["pages"][1]["id"]
    assert_clean_session(lms2004.log())


def test_failing_lms_is_shown_and_recovers(module_id: str, packages: Any, lms2004: Any) -> None:
    strings = packages.strings(module_id)
    lms2004.open()
    frame = lms2004.launch(fail=["Commit"])
    expect(frame.locator("#lms-alert")).to_have_text(strings["lms_error"])
    lms2004.page.evaluate("window.lmsFail = []")
    frame.click("#next")
    expect(frame.locator("#lms-alert")).to_have_text(strings["lms_saved"])
    lms2004.close()
    assert [e["call"] for e in lms2004.log()][-1] == "Terminate"
    assert lms2004.cmi()["cmi"]["location"] == packages.course(module_id)["pages"][1]["id"]


def test_adapter_keeps_suspend_data_within_scorm2004_limit(module_id: str, lms2004: Any) -> None:
    lms2004.open()
    frame = lms2004.launch()
    adapter = "window.ModuletoolAdapters.scorm2004"
    assert frame.evaluate(f"{adapter}.setState('x'.repeat(64001))") is False
    assert frame.evaluate(f"{adapter}.setState('y'.repeat(64000))") is True
    written = [value for name, value in set_values(lms2004.log()) if name == "cmi.suspend_data"]
    assert "x" * 64001 not in written and written[-1] == "y" * 64000


# ---- Completion and success are separate in SCORM 2004 --------------------------------------

def _small_module(require: str) -> Module:
    return Module.model_validate({
        "id": "small", "version": "1.0.0", "language": "en", "title": "Small", "description": "Small.",
        "license": "CC0-1.0", "completion": {"require": require, "mastery": 0.5},
        "objectives": [{"id": "pick", "text": "Pick well."}],
        "pages": [
            {"id": "one", "title": "One", "blocks": [
                {"id": "q", "type": "question", "kind": "single", "prompt": "Which?", "objectives": ["pick"],
                 "options": [{"id": "a-right", "text": "A", "correct": True}, {"id": "b-wrong", "text": "B"}]}]},
            {"id": "two", "title": "Two", "blocks": [{"id": "t", "type": "text", "text": "Two."}]},
            {"id": "three", "title": "Three", "blocks": [
                {"id": "l", "type": "question", "kind": "likert", "prompt": "Like it?",
                 "options": [{"id": "no", "text": "No"}, {"id": "yes", "text": "Yes"}]}]},
        ]})


def _install(site: Any, module: Module, folder: Path) -> None:
    for name, data in render_player(RenderRequest(module, folder, "en", "scorm2004")).items():
        (folder / "package" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "package" / name).write_bytes(data)
    site.install_package(folder / "package")


def _recorded(lms: Any) -> tuple[str, str, str, str]:
    data = lms.cmi()["cmi"]
    return data["completion_status"], data["success_status"], data["score"]["scaled"], data["progress_measure"]


def test_completion_all_pages_then_success(site: Any, lms2004: Any, tmp_path: Path) -> None:
    _install(site, _small_module("all-pages"), tmp_path)
    lms2004.open()
    frame = lms2004.launch(cmi={"scaled_passing_score": "0.5"})
    assert _recorded(lms2004) == ("incomplete", "unknown", "", "0.3333")
    frame.click("#next")
    frame.click("#next")  # every page seen, the graded question still open: completed, success unknown
    assert _recorded(lms2004) == ("completed", "unknown", "", "1")
    frame.click("#previous")
    frame.click("#previous")
    frame.check("#q-q input[value=b-wrong]")
    frame.click("#q-q .check-button")
    assert _recorded(lms2004) == ("completed", "failed", "0", "1")
    interaction = lms2004.cmi()["cmi"]["interactions"]["0"]
    assert (interaction["learner_response"], interaction["correct_responses"]["0"]["pattern"]) == ("b_wrong", "a_right")
    objective = lms2004.cmi()["cmi"]["objectives"]["0"]
    assert (objective["id"], objective["success_status"], objective["score"]["raw"]) == ("pick", "failed", "0")
    lms2004.close()
    exits = [value for name, value in set_values(lms2004.log()) if name == "cmi.exit"]
    assert exits[0] == "suspend" and exits[-1] == "normal"
    assert lms2004.tab.errors == []


def test_completion_quiz_only(site: Any, lms2004: Any, tmp_path: Path) -> None:
    _install(site, _small_module("quiz"), tmp_path)
    lms2004.open()
    frame = lms2004.launch(cmi={"scaled_passing_score": "0.5"})
    assert _recorded(lms2004) == ("incomplete", "unknown", "", "0")
    frame.check("#q-q input[value=a-right]")
    frame.click("#q-q .check-button")  # the likert item is not part of the quiz
    assert _recorded(lms2004) == ("completed", "passed", "1", "1")
    lms2004.close()
    assert lms2004.tab.errors == []
