"""A real LRS for the cmi5 and xAPI tests: Ralph (PyPI `ralph-malph`), run as a subprocess on 127.0.0.1.

Ralph stores statements in a file-system backend inside the test's temporary folder, behind HTTP
basic auth for a user made with its own `ralph auth` command. `ralph_server.py` starts it (and
works around the FS backend storing only the first POST; see there). Ralph implements the Statements
resource of xAPI only (no State or Agent Profile documents): the test LMS (`xapi_lms.py`) serves
those and forwards statements here, which is how LMSs with an external LRS work too.

A missing Ralph fails the tests with the command that installs it; nothing is faked.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

SERVER = Path(__file__).with_name("ralph_server.py")
USER = "test-lms"
XAPI_VERSION = "1.0.3"
START_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Ralph:
    """One Ralph LRS process and a client for its Statements resource."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.password = base64.urlsafe_b64encode(os.urandom(18)).decode()
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = root / "ralph.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def authorization(self) -> str:
        """The LMS's own credentials: they stay in the test LMS and never reach a package."""
        return "Basic " + base64.b64encode(f"{USER}:{self.password}".encode()).decode()

    def _environment(self) -> dict[str, str]:
        return {**os.environ,
                "RALPH_APP_DIR": str(self.root / "app"),
                "RALPH_AUTH_FILE": str(self.root / "auth.json"),
                "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.root / "data"),
                "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "1000"}

    def start(self) -> None:
        ralph = Path(sys.executable).with_name("ralph")
        if not ralph.exists():
            pytest.fail("Ralph (the test LRS) is not installed: run `.venv/bin/pip install -e '.[test]'` "
                        "(it brings ralph-malph[cli,lrs])", pytrace=False)
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        env = self._environment()
        made = subprocess.run([str(ralph), "auth", "--username", USER, "--password", self.password, "--scope", "all",
                               "--agent-ifi-mbox", "mailto:test-lms@example.org", "--write-to-disk"],
                              env=env, capture_output=True, text=True, timeout=120, check=False)
        if made.returncode != 0:
            pytest.fail(f"`ralph auth` failed (exit {made.returncode}):\n{made.stderr}", pytrace=False)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen([sys.executable, str(SERVER), "127.0.0.1", str(self.port)],
                                            env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Ralph stopped at start (exit {self.process.returncode}):\n{self.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"Ralph did not answer within {START_TIMEOUT_S} s:\n{self.log()}", pytrace=False)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request to Ralph with the LMS's credentials; (status, headers, body), errors included."""
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method, headers={
            "Authorization": self.authorization, "X-Experience-API-Version": XAPI_VERSION, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post_statements(self, statements: list[dict[str, Any]]) -> None:
        status, _, body = self.request("POST", "/xAPI/statements", json.dumps(statements).encode(),
                                       {"Content-Type": "application/json"})
        assert status == 200, (status, body)

    def statements(self, **params: str) -> list[dict[str, Any]]:
        """Every statement Ralph stored that matches `params` (xAPI query parameters), following `more`."""
        path = "/xAPI/statements?" + urllib.parse.urlencode({"limit": "1000", **params})
        found: list[dict[str, Any]] = []
        while path:
            status, _, body = self.request("GET", path)
            assert status == 200, (status, body)
            page = json.loads(body)
            found.extend(page["statements"])
            path = page.get("more") or ""
        return found
