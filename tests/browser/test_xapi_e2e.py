"""End to end: an xAPI (Tin Can) package built by `moduletool build`, launched by our test LMS, recorded by Ralph.

The LMS reads the package's tincan.xml and launches it the way Rustici's launch document says:
endpoint, auth, actor, registration and activity_id in the query string; nothing about the LRS is
in the package. Statements go through the LMS's endpoint to Ralph (a real LRS, which keeps
statements only); the LMS keeps the State documents. A scripted learner walks the module; the
tests check every statement Ralph stored, the bookmark in the State API, and the resume.
"""

from __future__ import annotations

from typing import Any

import pytest
from learner import (
    expect_locked,
    expect_on_page,
    expected_score,
    expected_status,
    finish,
    plan_all,
    walk,
    wrong_answers,
)
from lxml import etree
from playwright.sync_api import expect
from xapi_checks import (
    UUID_V4,
    assert_answered,
    assert_experienced,
    assert_well_formed,
    seconds,
    verb,
    wait_for_statements,
    when,
)
from xapi_lms import TINCAN_NS, Launch

MODULES = ["job-search", "player-demo"]
ENDINGS = ("suspended", "terminated")
LEARNER = {"objectType": "Agent", "name": "Learner One", "mbox": "mailto:learner-1@example.org"}
# The same learner as a Tin Can 0.9 LMS writes it: every value in a list.
LEGACY_LEARNER = {"name": ["Learner One"], "mbox": ["mailto:learner-1@example.org"]}
GROUPING = "https://lms.example.org/programmes/integration-2025"
OUTCOME_VERBS = {"incomplete": [], "completed": ["completed"], "passed": ["completed", "passed"],
                 "failed": ["completed", "failed"]}


def open_au(page: Any, launch: Launch) -> None:
    page.goto(launch.url)
    page.wait_for_function("() => window.moduletool && window.moduletool.state().ready")


def close_au(page: Any, lms: Any) -> None:
    page.goto(f"{lms.url}/lms/closed")


def script_errors(tab: Any) -> list[str]:
    """Script errors only: the browser also notes HTTP answers such as the State API's 404."""
    return [e for e in tab.errors if not e.startswith("console: Failed to load resource")]


def sessions(ralph: Any, registration: str, count: int) -> list[list[dict[str, Any]]]:
    """The registration's statements split into sessions (each ends with suspended or terminated)."""
    found = wait_for_statements(lambda: ralph.statements(registration=registration),
                                lambda got: sum(verb(s) in ENDINGS for s in got) >= count)
    split: list[list[dict[str, Any]]] = [[]]
    for statement in found:
        split[-1].append(statement)
        if verb(statement) in ENDINGS:
            split.append([])
    assert split[-1] == [], [verb(s) for s in split[-1]]
    return split[:-1]


def tincan_definitions(package: Any) -> dict[str, etree._Element]:
    root = etree.parse(str(package / "tincan.xml")).getroot()
    return {a.get("id"): a for a in root.iter(f"{{{TINCAN_NS}}}activity")}


def assert_session(statements: list[dict[str, Any]], launch: Launch, agent: dict[str, Any], course: dict[str, Any],
                   first: str, extra_grouping: str = "", platform: str = "") -> None:
    """Order, ids, actor, timestamps, context and the module's own statements of one session."""
    verbs = [verb(s) for s in statements]
    assert verbs[0] == first and verbs[-1] in ENDINGS and sum(v in ENDINGS for v in verbs) == 1, verbs
    assert len({s["id"] for s in statements}) == len(statements)
    assert len({when(s) for s in statements}) == len(statements), "two statements share a timestamp"
    for statement in statements:
        assert_well_formed(statement, agent)
        context = statement["context"]
        assert context["registration"] == launch.session.registration
        assert context["language"] == course["lang"]
        activities = context.get("contextActivities", {})
        if extra_grouping:
            assert [a["id"] for a in activities["grouping"]] == [extra_grouping]
        if platform:
            assert context["platform"] == platform
        if verb(statement) in ("experienced", "answered"):
            assert [a["id"] for a in activities["parent"]] == [launch.session.activity_id]
        else:
            assert statement["object"]["id"] == launch.session.activity_id == course["iri"]
            assert statement["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    end = statements[-1]
    elapsed = (when(end) - when(statements[0])).total_seconds()
    assert abs(seconds(end["result"]["duration"]) - elapsed) < 1.0, (end["result"], elapsed)


def assert_outcome(statements: list[dict[str, Any]], status: str, score: int | None) -> None:
    outcome = [s for s in statements if verb(s) in ("completed", "passed", "failed")]
    assert [verb(s) for s in outcome] == OUTCOME_VERBS[status]
    for statement in outcome:
        result = statement["result"]
        assert result["completion"] is True and seconds(result["duration"]) > 0
        if verb(statement) == "completed":
            assert "success" not in result and "score" not in result
        else:
            assert result["success"] is (verb(statement) == "passed")
            assert result["score"] == {"scaled": score / 100, "raw": score, "min": 0, "max": 100}


@pytest.fixture(params=MODULES)
def module_id(request: pytest.FixtureRequest, packages: Any, xapi_lms: Any) -> str:
    xapi_lms.install(packages.get(request.param, "xapi"))
    return str(request.param)


def test_statements_bookmark_and_resume(module_id: str, packages: Any, xapi_lms: Any, ralph: Any, tab: Any) -> None:
    course, strings = packages.course(module_id, "xapi"), packages.strings(module_id)
    package, page = packages.get(module_id, "xapi"), tab.page
    pages = course["pages"]
    page_index = {p["id"]: i for i, p in enumerate(pages)}
    definitions = tincan_definitions(package)
    assert xapi_lms.tincan_activity() == (course["iri"], "index.html")
    for question in course["questions"]:
        patterns = [p.text for p in definitions[question["iri"]].iter(f"{{{TINCAN_NS}}}correctResponsePattern")]
        assert patterns == question["correctResponsesPattern"], "tincan.xml and the runtime disagree"
    plan = plan_all(course, wrong_answers(module_id, course))
    score, status = expected_score(course, plan), expected_status(course, [True] * len(pages), plan)
    stop = page_index[course["questions"][1]["page"]]
    first = [plan[q["id"]] for q in course["questions"] if page_index[q["page"]] <= stop]

    # Session 1: the first questions, then the learner closes the window.
    launch = xapi_lms.launch_xapi(actor=LEARNER)
    open_au(page, launch)
    assert page.evaluate("window.moduletool.state().connected")
    expect(page.locator("#exit")).to_be_hidden()  # a Tin Can launch has no way back: the LMS closes the window
    walk(page, course, strings, {a.question["id"]: a for a in first}, stop=stop)
    close_au(page, xapi_lms)
    [session1] = sessions(ralph, launch.session.registration, 1)
    assert_session(session1, launch, LEARNER, course, "attempted")
    assert verb(session1[-1]) == "suspended"
    assert not [s for s in session1 if verb(s) in ("completed", "passed", "failed")]
    assert_experienced(session1, pages[:stop + 1])
    assert_answered(session1, first)
    saved = xapi_lms.document("state", course["iri"], LEARNER, launch.session.registration, "moduletool.state")
    assert saved["bookmark"] == pages[stop]["id"] and saved["state"].startswith("1|" + course["fingerprint"])
    requests = [r for r in xapi_lms.requests("/xapi/") if r.session is launch.session]
    assert requests and all(r.status < 400 or r.status == 404 for r in requests)
    assert all(r.headers.get("Authorization") == f"Basic {launch.session.token}" for r in requests)

    # Session 2: an older LMS (Tin Can 0.9 actor, bare auth token) with a grouping and a platform.
    relaunch = xapi_lms.launch_xapi(registration=launch.session.registration, actor=LEGACY_LEARNER, bare_auth=True,
                                    extra={"grouping": GROUPING, "activity_platform": "Test LMS"})
    open_au(page, relaunch)
    expect_on_page(page, course, strings, stop)
    for answer in first:
        expect_locked(page, answer)
    walk(page, course, strings, plan, start=stop)
    finish(page, course, strings, status, score)
    close_au(page, xapi_lms)
    session1_again, session2 = sessions(ralph, launch.session.registration, 2)
    assert [s["id"] for s in session1_again] == [s["id"] for s in session1]
    assert_session(session2, relaunch, LEARNER, course, "resumed", extra_grouping=GROUPING, platform="Test LMS")
    assert verb(session2[-1]) == "terminated"
    assert_outcome(session2, status, score)
    assert_experienced(session2, pages[stop:])
    assert_answered(session2, [plan[q["id"]] for q in course["questions"] if page_index[q["page"]] > stop])

    # Session 3: done before; nothing is reported twice.
    third = xapi_lms.launch_xapi(registration=launch.session.registration, actor=LEARNER)
    open_au(page, third)
    assert page.evaluate("window.moduletool.state().status") == status
    close_au(page, xapi_lms)
    *_, session3 = sessions(ralph, launch.session.registration, 3)
    assert [verb(s) for s in session3] == ["resumed", "experienced", "terminated"]
    assert script_errors(tab) == []


def test_without_an_endpoint_the_learner_is_told(packages: Any, xapi_lms: Any, tab: Any) -> None:
    xapi_lms.install(packages.get("player-demo", "xapi"))
    strings = packages.strings("player-demo")
    tab.page.goto(f"{xapi_lms.url}/au/index.html")
    tab.page.wait_for_function("() => window.moduletool && window.moduletool.state().ready")
    expect(tab.page.locator("#lms-alert")).to_have_text(strings["no_lms"])
    assert not xapi_lms.requests("/xapi/")
    assert script_errors(tab) == []


def test_a_refused_token_is_shown(packages: Any, xapi_lms: Any, tab: Any) -> None:
    xapi_lms.install(packages.get("player-demo", "xapi"))
    strings = packages.strings("player-demo")
    launch = xapi_lms.launch_xapi(actor=LEARNER)
    xapi_lms.sessions.pop(launch.session.token)  # the LMS has revoked the launch
    open_au(tab.page, launch)
    assert not tab.page.evaluate("window.moduletool.state().connected")
    expect(tab.page.locator("#lms-alert")).to_have_text(strings["lms_error"])
    assert [r.status for r in xapi_lms.requests("/xapi/")] == [401]


def test_client_helpers(packages: Any, xapi_lms: Any, tab: Any) -> None:
    """The shared client's pieces on their own: durations, ids, merging into an LMS template, outcomes."""
    xapi_lms.install(packages.get("player-demo", "xapi"))
    tab.page.goto(f"{xapi_lms.url}/au/index.html")
    tab.page.wait_for_function("() => window.moduletool && window.moduletool.state().ready")
    x = "window.ModuletoolXapi"
    durations = tab.page.evaluate(f"ms => ms.map(m => {x}.duration(m))", [0, 4, 1500, 60000, 3723450, 90061000])
    assert durations == ["PT0S", "PT0S", "PT1.5S", "PT1M0S", "PT1H2M3.45S", "PT25H1M1S"]
    ids = tab.page.evaluate(f"() => Array.from({{length: 50}}, () => {x}.uuid())")
    assert len(set(ids)) == 50 and all(UUID_V4.match(i) for i in ids)
    clock = tab.page.evaluate(f"() => Array.from({{length: 20}}, () => {x}.clock())")
    assert clock == sorted(set(clock)), "timestamps never repeat nor go back"
    template = {"registration": "theirs", "extensions": {"a": 1},
                "contextActivities": {"grouping": [{"id": "g"}], "category": [{"id": "c"}]}}
    ours = {"registration": "ours", "language": "en", "extensions": {"a": 2, "b": 3},
            "contextActivities": {"category": [{"id": "c"}, {"id": "m"}], "parent": [{"id": "p"}]}}
    merged = tab.page.evaluate(f"([t, o]) => {x}.mergeContext(t, o)", [template, ours])
    assert merged == {"registration": "theirs", "language": "en", "extensions": {"a": 1, "b": 3},
                      "contextActivities": {"grouping": [{"id": "g"}], "category": [{"id": "c"}, {"id": "m"}],
                                            "parent": [{"id": "p"}]}}
    steps = tab.page.evaluate(f"""statuses => {{
        const sent = {{completed: false, passed: false, failed: false}};
        return statuses.map(s => {x}.outcomeVerbs(s, sent));
    }}""", ["incomplete", "failed", "failed", "passed", "passed", "failed", "completed"])
    assert steps == [[], ["completed", "failed"], [], ["passed"], [], [], []]
