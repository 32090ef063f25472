"""What the cmi5 and xAPI end-to-end tests check alike in the statements Ralph stored."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from learner import Answer

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
UTC_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(\d+(?:\.\d{1,2})?)S$")
WAIT_S = 20


def verb(statement: dict[str, Any]) -> str:
    """The ADL verb of a statement, without its IRI prefix."""
    verb_id = statement["verb"]["id"]
    assert verb_id.startswith(ADL_VERBS), verb_id
    return str(verb_id[len(ADL_VERBS):])


def when(statement: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(statement["timestamp"])


def by_time(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statements in the order the specs define it: by timestamp."""
    return sorted(statements, key=when)


def seconds(duration: str) -> float:
    """An ISO 8601 duration as the runtime writes it (PT#H#M#.##S), in seconds."""
    match = DURATION.match(duration)
    assert match, f"not an ISO 8601 duration of the runtime's form: {duration}"
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs)


def assert_well_formed(statement: dict[str, Any], actor: dict[str, Any]) -> None:
    """Id, actor, timestamp and any duration of one statement the module made."""
    assert UUID_V4.match(statement["id"]), statement["id"]
    assert {k: v for k, v in statement["actor"].items() if k != "objectType"} == \
        {k: v for k, v in actor.items() if k != "objectType"}, statement["actor"]
    assert UTC_TIMESTAMP.match(statement["timestamp"]), statement["timestamp"]
    if "duration" in statement.get("result", {}):
        seconds(statement["result"]["duration"])


def xapi_response(answer: Answer) -> str:
    """The response an `answered` statement must carry for a planned answer (xAPI 1.0.3 formats)."""
    question = answer.question
    if question["kind"] in ("single", "likert"):
        return str(question["options"][answer.value])
    if question["kind"] == "multiple":
        return "[,]".join(question["options"][i] for i in answer.value)
    if question["kind"] == "true-false":
        return "true" if answer.value else "false"
    return str(answer.value)


def assert_answered(statements: list[dict[str, Any]], answers: list[Answer]) -> None:
    """One `answered` per answer, in answering order, about the question's IRI, with response and success."""
    answered = [s for s in statements if verb(s) == "answered"]
    assert [s["object"]["id"] for s in answered] == [a.question["iri"] for a in answers]
    for statement, answer in zip(answered, answers):
        question = answer.question
        definition = statement["object"]["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == question["interaction"]
        assert definition.get("correctResponsesPattern", []) == question["correctResponsesPattern"]
        assert statement["result"]["response"] == xapi_response(answer), question["id"]
        if answer.result == "neutral":
            assert "success" not in statement["result"]
        else:
            assert statement["result"]["success"] is (answer.result == "correct"), question["id"]


def assert_experienced(statements: list[dict[str, Any]], pages: list[dict[str, Any]]) -> None:
    """One `experienced` per page seen in the session, in the order seen, about the page's IRI."""
    experienced = [s for s in statements if verb(s) == "experienced"]
    assert [s["object"]["id"] for s in experienced] == [p["iri"] for p in pages]
    for statement, page in zip(experienced, pages):
        assert statement["object"]["definition"]["type"] == "http://activitystrea.ms/schema/1.0/page"
        assert list(statement["object"]["definition"]["name"].values()) == [page["title"]]


def wait_for_statements(fetch: Callable[[], list[dict[str, Any]]],
                        done: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
    """Poll the LRS until `done` holds (statements sent with keepalive arrive after the page is gone)."""
    deadline = time.monotonic() + WAIT_S
    found = fetch()
    while not done(found):
        if time.monotonic() > deadline:
            raise AssertionError(f"the LRS did not get the expected statements within {WAIT_S} s; it has "
                                 f"{[verb(s) for s in by_time(found)]}")
        time.sleep(0.2)
        found = fetch()
    return by_time(found)
