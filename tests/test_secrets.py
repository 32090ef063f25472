"""The DeepL key stays secret, and a flaky network is a clear message, never a crash or lost work.

Every command runs with `DEEPL_AUTH_KEY` set to a recognisable fake key (plainly and with
`--verbose`), and `i18n mt` talks to the fake DeepL server on 127.0.0.1, through its error paths
too: a refused key (the server echoes it back on purpose), an exhausted quota, rate limiting,
server errors, malformed bodies, time-outs and a refused connection. After each run, stdout,
stderr, the log records and every file of the project are searched for the key and for its
first 8 characters.

The network faults run in-process so that the client's back-off and time-out can be shortened
(the retries themselves are the `deepl` client's own); each must exit 1 with a clear message,
keep the drafts of the requests that succeeded, and leave a catalog `msgfmt -c` accepts.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import deepl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "i18n"))

from fake_deepl import AUTH_KEY, FakeDeepL, Server
from gettext_tools import assert_all_clean
from i18n_support import by_context
from support.projects import run_moduletool
from translated_mini import translated_mini

from moduletool import cli
from moduletool.i18n.provenance import State, state_of

FR = Path("translations/fr/mini-course.po")
WRONG_KEY = "leaky-4d1c8b2e-77aa-4f19-9e03-5b6c0d2f8a91:fx"
"""A key the fake server refuses, and echoes back in its 403 message."""
SECRETS = (AUTH_KEY, AUTH_KEY[:8], WRONG_KEY, WRONG_KEY[:8])


def clean_env(**extra: str) -> dict[str, str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("DEEPL_")}
    return {**base, "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1", "COLUMNS": "200", "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1", **extra}


def assert_no_secret(project: Path, *outputs: str) -> None:
    for secret in SECRETS:
        for output in outputs:
            assert secret not in output, f"the key ({secret}) leaked into the output:\n{output}"
        for path in project.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), f"the key ({secret}) leaked into {path}"


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with a complete French translation and an empty German one."""
    project = translated_mini(tmp_path_factory.mktemp("secrets"), "fr")
    assert run_moduletool("i18n", "init", "--lang", "de", cwd=project, env=clean_env()).returncode == 0
    return project


@pytest.fixture
def fake() -> Iterator[FakeDeepL]:
    with Server() as running:
        yield running


COMMANDS: list[tuple[str, ...]] = [
    ("validate",), ("build", "-f", "scorm12", "-f", "web", "--lang", "en", "--lang", "fr"), ("check", "dist"),
    ("i18n", "extract"), ("i18n", "init", "--lang", "ar"), ("i18n", "update"), ("i18n", "stats"),
    ("i18n", "check"), ("i18n", "mt", "--lang", "de", "--dry-run"), ("i18n", "mt", "--lang", "de"),
    ("i18n", "export-xliff", "--lang", "fr"), ("i18n", "import-xliff", "translations/xliff/fr/mini-course.xlf"),
    ("i18n", "stats", "--format", "json"), ("validate", "--format", "json"),
]


@pytest.mark.parametrize("verbose", [False, True], ids=["plain", "verbose"])
def test_no_command_writes_or_prints_the_key(translated: Path, tmp_path: Path, fake: FakeDeepL,
                                             verbose: bool) -> None:
    project = Path(shutil.copytree(translated, tmp_path / "p"))
    environment = clean_env(DEEPL_AUTH_KEY=AUTH_KEY, DEEPL_SERVER_URL=fake.url)
    for command in COMMANDS:
        result = run_moduletool(*(["--verbose"] if verbose else []), *command, cwd=project, env=environment)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert_no_secret(project, result.stdout, result.stderr)
    assert any(state_of(e) is State.machine_draft for e in by_context(project / "translations/de/mini-course.po")
               .values()), "mt must really have talked to the server"


@pytest.mark.parametrize("verbose", [False, True], ids=["plain", "verbose"])
def test_a_refused_key_is_never_echoed(translated: Path, tmp_path: Path, fake: FakeDeepL, verbose: bool) -> None:
    project = Path(shutil.copytree(translated, tmp_path / "p"))
    environment = clean_env(DEEPL_AUTH_KEY=WRONG_KEY, DEEPL_SERVER_URL=fake.url)
    result = run_moduletool(*(["--verbose"] if verbose else []), "i18n", "mt", "--lang", "de", cwd=project,
                            env=environment)
    assert result.returncode == 1
    assert "DeepL refused the key in DEEPL_AUTH_KEY (403 Forbidden)" in result.stderr
    assert "Traceback" not in result.stderr
    assert_no_secret(project, result.stdout, result.stderr)


# --- a flaky network, in-process ------------------------------------------------------------

class Flaky(FakeDeepL):
    """The fake server, answering `good` translate requests well and then misbehaving as `fault` says."""

    good: int = 1
    fault: str = ""
    body: str = ""
    answered: int = 0

    def handle(self, method: str, path: str, query: dict[str, Any], headers: dict[str, str],
               body: bytes) -> tuple[int, str, str]:
        if path != "/v2/translate":
            return super().handle(method, path, query, headers, body)
        with self.lock:
            self.answered += 1
            turn = self.answered
        if turn <= self.good:
            return super().handle(method, path, query, headers, body)
        if self.fault == "slow":
            time.sleep(1.0)
            return super().handle(method, path, query, headers, body)
        if self.fault == "quota":
            return 456, "application/json", '{"message": "Quota exceeded"}'
        if self.fault == "forbidden":
            return 403, "application/json", json.dumps({"message": f"Authorization failed for key {AUTH_KEY}"})
        return 200, "application/json", self.body


@pytest.fixture
def german(translated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(translated, tmp_path / "p"))


@pytest.fixture
def quick_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client's own 5 retries with millisecond back-off, and a 0.3 s time-out instead of 10 s."""
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_INITIAL", 0.005)
    monkeypatch.setattr(deepl.http_client._BackoffTimer, "BACKOFF_MAX", 0.02)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.3)


def mt_in_process(project: Path, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                  caplog: pytest.LogCaptureFixture) -> tuple[int, str]:
    """`moduletool --verbose -C project i18n mt --lang de` in this process: (exit code, stderr)."""
    for name, value in clean_env(DEEPL_AUTH_KEY=AUTH_KEY, DEEPL_SERVER_URL=url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["moduletool", "--verbose", "-C", str(project), "i18n", "mt", "--lang", "de"])
    capsys.readouterr()
    with caplog.at_level(logging.DEBUG), pytest.raises(SystemExit) as exit_info:
        cli.main()
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert_no_secret(project, out.out, out.err, caplog.text)
    return int(exit_info.value.code or 0), out.err


def drafted(project: Path) -> int:
    return sum(1 for e in by_context(project / "translations/de/mini-course.po").values()
               if state_of(e) is State.machine_draft)


FAULTS = {
    "not-json": ("malformed", "<html><body>Bad gateway</body></html>", "DeepL answered 0 translation(s) for 4 text(s)"),
    "truncated-json": ("malformed", '{"translations": [{"detected_source_language": "EN", "te',
                       "DeepL answered 0 translation(s) for 4 text(s)"),
    "no-translations": ("malformed", '{"result": "ok"}', "DeepL answered 0 translation(s)"),
    "wrong-shape": ("malformed", '{"translations": "FR: Bonjour"}',
                    "DeepL answered something the client could not read"),
    "missing-text": ("malformed", '{"translations": [{"detected_source_language": "EN"}]}',
                     "DeepL answered something the client could not read"),
    "text-not-a-string": ("malformed", '{"translations": [' + ",".join(['{"text": 42}'] * 5) + "]}",
                          "DeepL answered something the client could not read"),
    "slow": ("slow", "", "cannot reach the DeepL server at {url}: it timed out, after 5 retries"),
    "quota": ("quota", "", "the DeepL character quota of this billing period is used up (456)"),
    "forbidden-midway": ("forbidden", "", "DeepL refused the key in DEEPL_AUTH_KEY (403 Forbidden)"),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_network_fault_after_one_good_request_keeps_the_drafts(name: str, german: Path, quick_client: None,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str],
                                                                caplog: pytest.LogCaptureFixture) -> None:
    fault, body, message = FAULTS[name]
    with Server(Flaky()) as flaky:
        assert isinstance(flaky, Flaky)
        flaky.fault, flaky.body = fault, body
        code, err = mt_in_process(german, flaky.url, monkeypatch, capsys, caplog)
    assert code == 1, err
    assert message.format(url=flaky.url) in err
    assert "hint: " in err
    assert drafted(german) == 5, "the first request's drafts must be saved"
    assert_all_clean(german)


def test_connection_refused_is_a_clear_error(german: Path, quick_client: None, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str],
                                             caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    before = (german / "translations/de/mini-course.po").read_bytes()
    code, err = mt_in_process(german, url, monkeypatch, capsys, caplog)
    assert code == 1
    assert f"cannot reach the DeepL server at {url}: no connection, after 5 retries" in err
    assert (german / "translations/de/mini-course.po").read_bytes() == before


@pytest.mark.parametrize("switch", ["too_many", "server_errors"])
def test_rate_limits_and_server_errors_for_ever_are_clear_errors(switch: str, german: Path, quick_client: None,
                                                                  fake: FakeDeepL, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    setattr(fake.switches, switch, -1)
    code, err = mt_in_process(german, fake.url, monkeypatch, capsys, caplog)
    assert code == 1
    assert {"too_many": "429 Too Many Requests", "server_errors": "HTTP 500"}[switch] in err
    assert_all_clean(german)

