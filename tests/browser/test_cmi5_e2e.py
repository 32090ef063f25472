"""End to end: a cmi5 package built by `moduletool build`, launched by our test LMS, recorded by Ralph.

The LMS (xapi_lms.py) imports the package's cmi5.xml, writes LMS.LaunchData and a `launched`
statement, hands out a one-time fetch URL and forwards statements to Ralph, a real LRS. A
scripted learner walks the module in Chromium; the tests then read what Ralph stored and check
the AU rules of the cmi5 spec (PACKAGING_RULES.md §1.2) statement by statement: order, ids,
timestamps, the context template, categories, result rules, durations, the mastery score, the
launch modes, the return URL; and that a relaunch resumes the learner where they left.
"""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from learner import (
    expect_locked,
    expect_on_page,
    expected_score,
    expected_status,
    finish,
    give,
    go,
    plan_all,
    plan_answer,
    walk,
    wrong_answers,
)
from playwright.sync_api import expect
from xapi_checks import (
    assert_answered,
    assert_experienced,
    assert_well_formed,
    seconds,
    verb,
    wait_for_statements,
    when,
)
from xapi_lms import LAUNCH_DATA, SESSION_ID, Launch

MODULES = ["job-search", "player-demo"]
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
CMI5_DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
LMS_VERBS = ("launched", "abandoned", "waived", "satisfied")
MOVE_ON = {"all-pages": "Completed", "quiz": "Passed", "all-pages-and-quiz": "CompletedAndPassed"}
OUTCOME_VERBS = {"incomplete": [], "completed": ["completed"], "passed": ["completed", "passed"],
                 "failed": ["completed", "failed"]}


# ---- Driving a launch -----------------------------------------------------------------------

def open_au(page: Any, launch: Launch) -> None:
    """Open the launch URL the way an LMS redirects the window, and wait for the AU to have started."""
    page.goto(launch.url)
    page.wait_for_function("() => window.moduletool && window.moduletool.state().ready")


def close_au(page: Any, lms: Any) -> None:
    """The learner leaves without Exit (closes the tab, follows a link): pagehide ends the session."""
    page.goto(f"{lms.url}/lms/closed")


def script_errors(tab: Any) -> list[str]:
    """The tab's script errors; the browser's notes on HTTP answers such as the State API's 404 for
    a document not written yet are normal xAPI, and the LMS log is where requests are checked."""
    return [e for e in tab.errors if not e.startswith("console: Failed to load resource")]


# ---- Reading what Ralph stored ----------------------------------------------------------------

def context_ids(statement: dict[str, Any], kind: str) -> list[str]:
    return [a["id"] for a in statement.get("context", {}).get("contextActivities", {}).get(kind, [])]


def registration_statements(ralph: Any, registration: str) -> list[dict[str, Any]]:
    return ralph.statements(registration=registration)


def session_statements(ralph: Any, launch: Launch) -> list[dict[str, Any]]:
    """The AU's statements of one session, by timestamp, once `terminated` has arrived."""
    def fetch() -> list[dict[str, Any]]:
        return [s for s in registration_statements(ralph, launch.session.registration)
                if s.get("context", {}).get("extensions", {}).get(SESSION_ID) == launch.session.session_id
                and verb(s) not in LMS_VERBS]
    return wait_for_statements(fetch, lambda found: any(verb(s) == "terminated" for s in found))


def assert_au_session(statements: list[dict[str, Any]], launch: Launch, au: dict[str, str]) -> None:
    """Every AU rule of one session that does not depend on what the learner did (cmi5 7.1, 9, 10)."""
    session = launch.session
    verbs = [verb(s) for s in statements]
    assert verbs[0] == "initialized" and verbs[-1] == "terminated", verbs
    assert len({when(s) for s in statements}) == len(statements), "two statements share a timestamp"
    defined = [s for s in statements if CMI5_CATEGORY in context_ids(s, "category")]
    assert all(verb(s) in CMI5_DEFINED for s in defined), verbs
    defined_verbs = [verb(s) for s in defined]
    assert len(defined_verbs) == len(set(defined_verbs)), f"a cmi5 defined verb twice: {defined_verbs}"
    assert sum(v in ("passed", "failed") for v in defined_verbs) <= 1
    assert all(verb(s) not in CMI5_DEFINED for s in statements if s not in defined), verbs
    assert len({s["id"] for s in statements}) == len(statements)

    template = launch.launch_data["contextTemplate"]
    for statement in statements:
        assert_well_formed(statement, session.actor)
        context = statement["context"]
        assert context["registration"] == session.registration
        assert context["extensions"][SESSION_ID] == session.session_id
        for grouping in template["contextActivities"]["grouping"]:
            assert grouping["id"] in context_ids(statement, "grouping"), "the publisher id grouping is missing"
        assert au["id"] in context_ids(statement, "grouping")
        result = statement.get("result", {})
        has_outcome = "success" in result or "completion" in result
        if statement in defined:
            assert statement["object"]["id"] == session.activity_id != au["id"]
            assert (MOVEON_CATEGORY in context_ids(statement, "category")) == has_outcome, verb(statement)
            assert_result_rules(statement, launch.launch_data)
        else:
            assert MOVEON_CATEGORY not in context_ids(statement, "category")
            assert when(statements[0]) < when(statement) < when(statements[-1]), verb(statement)

    initialized, terminated = statements[0], statements[-1]
    elapsed = (when(terminated) - when(initialized)).total_seconds()
    assert abs(seconds(terminated["result"]["duration"]) - elapsed) < 1.0, (terminated["result"], elapsed)


def assert_result_rules(statement: dict[str, Any], launch_data: dict[str, Any]) -> None:
    """The result table of cmi5 9.5 for one cmi5 defined statement."""
    name, result = verb(statement), statement.get("result", {})
    extensions = statement["context"].get("extensions", {})
    if name == "initialized":
        assert not {"success", "completion", "score"} & set(result), result
    elif name == "terminated":
        assert not {"success", "completion", "score"} & set(result), result
        assert "duration" in result
    elif name == "completed":
        assert result["completion"] is True and "success" not in result and "score" not in result, result
        assert "duration" in result
    else:
        assert result["success"] is (name == "passed") and "completion" not in result, result
        assert "duration" in result
        score = result.get("score")
        if score is not None:
            assert 0 <= score["scaled"] <= 1
            assert isinstance(score["raw"], int) and score["min"] <= score["raw"] <= score["max"], score
        if "masteryScore" in launch_data:
            assert extensions[MASTERY_SCORE] == launch_data["masteryScore"]
            if score is not None:
                assert (score["scaled"] >= launch_data["masteryScore"]) is (name == "passed"), score


def assert_registration_rules(statements: list[dict[str, Any]]) -> None:
    """cmi5 9.3 within a registration: one completed, one passed at most; no failed after passed."""
    outcomes = [verb(s) for s in statements if verb(s) in ("completed", "passed", "failed")]
    assert outcomes.count("completed") <= 1 and outcomes.count("passed") <= 1, outcomes
    if "passed" in outcomes:
        assert "failed" not in outcomes[outcomes.index("passed"):], outcomes


def move_on_satisfied(move_on: str, statements: list[dict[str, Any]]) -> bool:
    """What the LMS concludes from the AU's statements (cmi5 13.1.4 moveOn)."""
    verbs = {verb(s) for s in statements}
    return {"Completed": "completed" in verbs, "Passed": "passed" in verbs,
            "CompletedAndPassed": {"completed", "passed"} <= verbs,
            "CompletedOrPassed": bool({"completed", "passed"} & verbs), "NotApplicable": True}[move_on]


def assert_lms_conversation(lms: Any, launch: Launch) -> None:
    """How the AU talked to the LMS: one POST to fetch first, the token and version on every xAPI
    request, LMS.LaunchData and the learner preferences read, LMS.LaunchData never written."""
    session = launch.session
    fetches = [r for r in lms.requests("/fetch/") if r.session is session]
    assert [r.method for r in fetches] == ["POST"], fetches
    xapi = [r for r in lms.requests("/xapi/") if r.session is session]
    assert xapi and all(r.status not in (400, 401, 403) for r in xapi), [(r.method, r.path, r.status) for r in xapi]
    position = {id(r): i for i, r in enumerate(lms.requests())}
    assert position[id(fetches[0])] < position[id(xapi[0])], "the token is fetched before any xAPI request"
    reads = [(r.path, r.query.get("stateId") or r.query.get("profileId")) for r in xapi if r.method == "GET"]
    assert ("/xapi/activities/state", LAUNCH_DATA) in reads
    assert ("/xapi/agents/profile", "cmi5LearnerPreferences") in reads
    assert not [r for r in xapi if r.method != "GET" and r.query.get("stateId") == LAUNCH_DATA]
    again = urllib.request.urlopen(urllib.request.Request(launch.fetch_url, data=b"", method="POST"), timeout=10)
    assert json.loads(again.read())["error-code"] == "1", "the fetch URL must hand out its token once"


def saved_progress(lms: Any, launch: Launch) -> Any:
    session = launch.session
    return lms.document("state", session.activity_id, session.actor, session.registration, "moduletool.state")


# ---- Tests -----------------------------------------------------------------------------------

@pytest.fixture(params=MODULES)
def module_id(request: pytest.FixtureRequest, packages: Any, xapi_lms: Any) -> str:
    xapi_lms.install(packages.get(request.param, "cmi5"))
    return str(request.param)


def test_sessions_follow_the_au_rules_and_resume(module_id: str, packages: Any, xapi_lms: Any, ralph: Any,
                                                 tab: Any) -> None:
    course, strings = packages.course(module_id, "cmi5"), packages.strings(module_id)
    au, page = xapi_lms.au(), tab.page
    pages = course["pages"]
    page_index = {p["id"]: i for i, p in enumerate(pages)}
    graded = any(q["graded"] for q in course["questions"])
    assert au["moveOn"] == (MOVE_ON[course["completion"]["require"]] if graded else "Completed")
    assert au["id"] == course["auIri"] and au["url"] == "index.html"
    plan = plan_all(course, wrong_answers(module_id, course))
    score, status = expected_score(course, plan), expected_status(course, [True] * len(pages), plan)
    stop = page_index[course["questions"][1]["page"]]
    first = [plan[q["id"]] for q in course["questions"] if page_index[q["page"]] <= stop]

    # Session 1: the learner answers the first questions, then closes the window.
    launch = xapi_lms.launch_cmi5()
    open_au(page, launch)
    assert page.evaluate("window.moduletool.state().connected")
    expect(page.locator("#exit")).to_be_visible()
    walk(page, course, strings, {a.question["id"]: a for a in first}, stop=stop)
    close_au(page, xapi_lms)
    session1 = session_statements(ralph, launch)
    assert_au_session(session1, launch, au)
    assert [verb(s) for s in session1 if verb(s) in CMI5_DEFINED] == ["initialized", "terminated"]
    assert_experienced(session1, pages[:stop + 1])
    assert_answered(session1, first)
    assert_lms_conversation(xapi_lms, launch)
    saved = saved_progress(xapi_lms, launch)
    assert saved["bookmark"] == pages[stop]["id"] and saved["state"].startswith("1|" + course["fingerprint"])
    assert script_errors(tab) == []

    # Session 2, same registration: resumed where the learner left; then done, and Exit.
    relaunch = xapi_lms.launch_cmi5(registration=launch.session.registration)
    assert relaunch.session.session_id != launch.session.session_id
    open_au(page, relaunch)
    expect_on_page(page, course, strings, stop)
    for answer in first:
        expect_locked(page, answer)
    walk(page, course, strings, plan, start=stop)
    finish(page, course, strings, status, score)
    page.click("#exit")
    page.wait_for_url(relaunch.launch_data["returnURL"])
    session2 = session_statements(ralph, relaunch)
    assert_au_session(session2, relaunch, au)
    outcome = [verb(s) for s in session2 if verb(s) in ("completed", "passed", "failed")]
    assert outcome == OUTCOME_VERBS[status]
    judged = [s for s in session2 if verb(s) in ("passed", "failed")]
    for statement in judged:
        assert statement["result"]["score"] == {"scaled": score / 100, "raw": score, "min": 0, "max": 100}
    assert_experienced(session2, pages[stop:])
    assert_answered(session2, [plan[q["id"]] for q in course["questions"] if page_index[q["page"]] > stop])
    assert_lms_conversation(xapi_lms, relaunch)

    # Session 3: nothing new; completed and passed are never sent twice in a registration.
    third = xapi_lms.launch_cmi5(registration=launch.session.registration)
    open_au(page, third)
    assert page.evaluate("window.moduletool.state().status") == status
    close_au(page, xapi_lms)
    session3 = session_statements(ralph, third)
    assert_au_session(session3, third, au)
    assert [verb(s) for s in session3] == ["initialized", "experienced", "terminated"]

    everything = registration_statements(ralph, launch.session.registration)
    assert_registration_rules(everything)
    assert [verb(s) for s in everything].count("launched") == 3
    assert move_on_satisfied(au["moveOn"], everything) is (status in ("passed", "completed"))
    assert script_errors(tab) == []


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_only_initialized_and_terminated(mode: str, packages: Any, xapi_lms: Any,
                                                                  ralph: Any, tab: Any) -> None:
    module_id = "player-demo"
    xapi_lms.install(packages.get(module_id, "cmi5"))
    course, strings = packages.course(module_id, "cmi5"), packages.strings(module_id)
    plan = plan_all(course, set())
    launch = xapi_lms.launch_cmi5(mode=mode)
    open_au(tab.page, launch)
    walk(tab.page, course, strings, plan)
    finish(tab.page, course, strings, "passed", 100)
    tab.page.click("#exit")
    tab.page.wait_for_url(launch.launch_data["returnURL"])
    statements = session_statements(ralph, launch)
    assert [verb(s) for s in statements] == ["initialized", "terminated"]
    assert_au_session(statements, launch, xapi_lms.au())
    assert not [r for r in xapi_lms.requests("/xapi/activities/state") if r.method != "GET"], \
        "a look around must not change the learner's saved attempt"
    assert script_errors(tab) == []


def test_mastery_score_from_launch_data_rules(packages: Any, xapi_lms: Any, ralph: Any, tab: Any) -> None:
    """The LMS may change the mastery score (cmi5 10.2.4): the AU judges by the LaunchData value."""
    module_id = "player-demo"
    xapi_lms.install(packages.get(module_id, "cmi5"))
    course, strings = packages.course(module_id, "cmi5"), packages.strings(module_id)
    plan = plan_all(course, wrong_answers(module_id, course))
    score = expected_score(course, plan)
    assert score == 33 and float(xapi_lms.au()["masteryScore"]) * 100 > score  # fails the package's own 60 %
    launch = xapi_lms.launch_cmi5(mastery_score=0.3)
    open_au(tab.page, launch)
    walk(tab.page, course, strings, plan)
    finish(tab.page, course, strings, "passed", score)
    close_au(tab.page, xapi_lms)
    statements = session_statements(ralph, launch)
    assert_au_session(statements, launch, xapi_lms.au())
    passed = [s for s in statements if verb(s) == "passed"]
    assert len(passed) == 1 and passed[0]["context"]["extensions"][MASTERY_SCORE] == 0.3
    assert passed[0]["result"]["score"]["scaled"] == 0.33


def test_a_used_fetch_url_is_refused_and_the_learner_told(packages: Any, xapi_lms: Any, ralph: Any,
                                                          tab: Any) -> None:
    xapi_lms.install(packages.get("player-demo", "cmi5"))
    strings = packages.strings("player-demo")
    launch = xapi_lms.launch_cmi5()
    open_au(tab.page, launch)
    close_au(tab.page, xapi_lms)
    session_statements(ralph, launch)
    xapi_lms.quiet()  # the first session's last keepalive requests may arrive after `terminated`
    stored = session_statements(ralph, launch)
    # The same launch URL again (a reload, a bookmark): the token is not handed out twice.
    asked = len(xapi_lms.requests())
    open_au(tab.page, launch)
    assert not tab.page.evaluate("window.moduletool.state().connected")
    expect(tab.page.locator("#lms-alert")).to_have_text(strings["lms_error"])
    expect(tab.page.locator("#exit")).to_be_hidden()
    close_au(tab.page, xapi_lms)
    later = xapi_lms.requests()[asked:]
    talked = [(r.method, r.path[:7]) for r in later if r.path.startswith(("/fetch/", "/xapi/"))]
    assert talked == [("POST", "/fetch/")], "no token, no xAPI request"
    assert [s["id"] for s in session_statements(ralph, launch)] == [s["id"] for s in stored]


@pytest.mark.parametrize("audio", ["off", "on"])
def test_learner_preferences_are_read_and_audio_honoured(audio: str, packages: Any, xapi_lms: Any,
                                                         tab: Any) -> None:
    xapi_lms.install(packages.get("player-demo", "cmi5"))
    launch = xapi_lms.launch_cmi5()
    preferences = {"languagePreference": "fr-FR,en-US", "audioPreference": audio}
    xapi_lms.put_document("profile", "", launch.session.actor, "", "cmi5LearnerPreferences",
                          json.dumps(preferences).encode())
    open_au(tab.page, launch)
    muted = tab.page.eval_on_selector_all("audio, video", "media => media.map(m => m.muted)")
    assert muted and all(m is (audio == "off") for m in muted), muted
    assert [r for r in xapi_lms.requests("/xapi/agents/profile", "GET") if r.session is launch.session]


def test_lms_outage_is_shown_retried_and_recovered(packages: Any, xapi_lms: Any, ralph: Any, tab: Any) -> None:
    module_id = "player-demo"
    xapi_lms.install(packages.get(module_id, "cmi5"))
    course, strings = packages.course(module_id, "cmi5"), packages.strings(module_id)
    launch = xapi_lms.launch_cmi5(return_url=False)
    page = tab.page
    open_au(page, launch)
    expect(page.locator("#exit")).to_be_hidden()  # no returnURL: the LMS closes the window itself
    question = course["questions"][0]
    assert question["page"] == course["pages"][0]["id"]
    answer = plan_answer(question, right=True)
    xapi_lms.refuse_statements = True
    give(page, answer)
    expect(page.locator("#lms-alert")).to_have_text(strings["lms_error"], timeout=15_000)
    xapi_lms.refuse_statements = False
    go(page, course, strings, "#next", 1)
    expect(page.locator("#lms-alert")).to_have_text(strings["lms_saved"], timeout=15_000)
    close_au(page, xapi_lms)
    statements = session_statements(ralph, launch)
    assert_au_session(statements, launch, xapi_lms.au())
    assert_answered(statements, [answer])
    assert_experienced(statements, course["pages"][:2])
    refused = [r for r in xapi_lms.requests("/xapi/statements", "POST") if r.status == 503]
    assert len(refused) >= 3, "a commit tries three times before telling the learner"
    assert script_errors(tab) == []
    assert when(statements[-1]) - when(statements[0]) > timedelta(seconds=1)
