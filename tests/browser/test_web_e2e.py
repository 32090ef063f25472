"""End to end: the offline web version built by `moduletool build -f web`, in Chromium.

Opened from file:// (an unzipped package on a computer) and served over http from 127.0.0.1 (any
static host): the learner's progress survives a reload through localStorage; over http the
service worker caches the package, and the module keeps working once the network and the
server are both gone; a rebuilt package replaces the old cache; a browser that refuses storage,
or whose storage fills up, makes the module say so instead of silently forgetting.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from learner import (
    encode_state,
    expect_locked,
    expect_on_page,
    expected_score,
    expected_status,
    finish,
    plan_all,
    questions_on,
    walk,
    wrong_answers,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sample_packages import sample_module_ids
from support.projects import copy_fixture, read_zip, run_moduletool

# Every module of the sample project, and the demo module with every block and question kind.
MODULES = [*sample_module_ids(), "player-demo"]
# What the package has to live with on a host that sends a Content-Security-Policy: conftest.SCO_CSP,
# plus data: media, as caption tracks are inlined so that they load from file:// too.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'")
BLOCK_STORAGE = """Object.defineProperty(window, "localStorage", {get() {
  throw new DOMException("The user has blocked access to storage for this page.", "SecurityError");
}});"""
# Full until the tab is named "roomy" (window.name outlives a reload; init scripts run again).
FILL_STORAGE = """window.__full = window.name !== "roomy";
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (window.__full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  return setItem.call(this, key, value);
};"""


def embedded(package: Path, element_id: str) -> dict[str, Any]:
    """A JSON block of the package's index.html (the course data or the player's strings)."""
    page = (package / "index.html").read_text(encoding="utf-8")
    start = page.index(">", page.index(f'id="{element_id}"')) + 1
    return json.loads(page[start:page.index("</script>", start)])


def storage_key(course: dict[str, Any]) -> str:
    return f"moduletool:{course['id']}:{course['lang']}"


def stored(page: Any, course: dict[str, Any]) -> dict[str, Any] | None:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key))", storage_key(course))


def wait_for_player(page: Any) -> None:
    page.wait_for_function("window.moduletool && window.moduletool.state()")


def wait_for_offline_copy(page: Any) -> None:
    """Until the service worker has cached the package and controls the page.

    With events, not `wait_for_function`: its polling evaluates strings, which the CSP forbids."""
    page.evaluate("""() => navigator.serviceWorker.controller ? true : new Promise(resolve =>
      navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true), {once: true}))""")


@pytest.fixture(params=MODULES)
def module_id(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# ---- A static host that can be switched off --------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class StaticHost:
    """Packages served from 127.0.0.1 under /modules/<id>/, as a partner's web server would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def install(self, package: Path, module_id: str) -> str:
        """Put (or replace) a package; the URL of its folder."""
        target = self.root / "modules" / module_id
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(package, target)
        return f"{self.url}/modules/{module_id}/"

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)


@pytest.fixture
def host(tmp_path: Path) -> Iterator[StaticHost]:
    root = tmp_path / "host"
    root.mkdir()
    server = StaticHost(root)
    try:
        yield server
    finally:
        server.stop()


# ---- From file:// ---------------------------------------------------------------------------

def test_file_url_keeps_progress_in_local_storage(module_id: str, packages: Any, tab: Any) -> None:
    package = packages.get(module_id, "web")
    course, strings = embedded(package, "moduletool-course"), embedded(package, "moduletool-strings")
    page = tab.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((package / "index.html").as_uri())
    wait_for_player(page)
    assert page.evaluate("location.protocol") == "file:"
    expect(page.locator("#lms-alert")).to_be_empty()
    # Caption tracks are inlined: a .vtt file beside the page is refused from file://.
    page.wait_for_function("[...document.querySelectorAll('track')].every(t => t.readyState === 2 "
                           "&& t.track.cues.length)")

    # Half way through, with the questions on those pages answered.
    plan = plan_all(course, wrong_answers(module_id, course))
    middle = max(1, len(course["pages"]) // 2)
    walk(page, course, strings, plan, stop=middle)
    visited = [i <= middle for i in range(len(course["pages"]))]
    answered = {q["id"]: plan[q["id"]] for page_data in course["pages"][:middle + 1]
                for q in questions_on(course, page_data["id"])}
    record = stored(page, course)
    assert record == {"bookmark": course["pages"][middle]["id"],
                      "state": encode_state(course, middle, visited, answered),
                      "status": expected_status(course, visited, answered), "score": None,
                      "progress": record["progress"]}

    page.reload()
    wait_for_player(page)
    expect_on_page(page, course, strings, middle)
    for answer in answered.values():
        expect_locked(page, answer)
    for q in course["questions"]:
        if q["id"] not in answered:
            expect(page.locator(f"#q-{q['id']}")).not_to_have_class("is-answered")

    # To the end; a reload then shows the last page and the record holds the result.
    walk(page, course, strings, plan, start=middle)
    status, score = expected_status(course, [True] * len(visited), plan), expected_score(course, plan)
    finish(page, course, strings, status, score)
    page.reload()
    wait_for_player(page)
    expect_on_page(page, course, strings, len(course["pages"]) - 1)
    record = stored(page, course)
    assert (record["status"], record["score"], record["progress"]) == (
        status, score if status in ("passed", "failed") else None, 1)

    assert not [url for url in requests if url.endswith("/sw.js")]  # nothing to install from file://
    assert tab.errors == []


def test_modules_side_by_side_keep_their_own_progress(packages: Any, tab: Any) -> None:
    """Chromium gives every file:// page one storage: the key keeps modules (and languages) apart."""
    page = tab.page
    first, second = (packages.get(module, "web") for module in (MODULES[0], MODULES[-1]))
    page.goto((first / "index.html").as_uri())
    wait_for_player(page)
    page.click("#next")
    page.goto((second / "index.html").as_uri())
    wait_for_player(page)
    assert page.evaluate("window.moduletool.state().page") == 0
    courses = [embedded(package, "moduletool-course") for package in (first, second)]
    assert sorted(page.evaluate("Object.keys(localStorage)")) == sorted(storage_key(c) for c in courses)
    assert stored(page, courses[0])["bookmark"] == courses[0]["pages"][1]["id"]
    assert tab.errors == []


# ---- Over http, then offline -----------------------------------------------------------------

def test_served_over_http_works_offline_after_install(module_id: str, packages: Any, tab: Any,
                                                      host: StaticHost, browser: Any) -> None:
    package = packages.get(module_id, "web")
    course, strings = embedded(package, "moduletool-course"), embedded(package, "moduletool-strings")
    folder = host.install(package, module_id)
    page = tab.page
    page.goto(folder)  # the folder itself, as the manifest's start_url "." opens it
    wait_for_player(page)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == folder
    wait_for_offline_copy(page)
    sw = (package / "sw.js").read_text(encoding="utf-8")
    start = sw.index("var PRECACHE = ") + len("var PRECACHE = ")
    precache = json.loads(sw[start:sw.index(";\n", start)])
    cached = page.evaluate("""async () => {
      const names = await caches.keys();
      const urls = await Promise.all(names.map(async n => (await (await caches.open(n)).keys()).map(r => r.url)));
      return {names, urls};
    }""")
    assert cached["names"] == [f"moduletool {folder} {precache['version']}"]
    assert sorted(cached["urls"][0]) == sorted(folder + path for path in precache["files"])

    plan = plan_all(course, wrong_answers(module_id, course))
    walk(page, course, strings, plan, stop=1)
    answered = [plan[q["id"]] for p in course["pages"][:2] for q in questions_on(course, p["id"])]

    page.context.set_offline(True)
    host.stop()
    stranger = browser.new_context()  # no service worker there: proves the server is really gone
    with pytest.raises(PlaywrightError):
        stranger.new_page().goto(folder, timeout=5_000)
    stranger.close()

    page.reload()
    wait_for_player(page)
    expect_on_page(page, course, strings, 1)
    for answer in answered:
        expect_locked(page, answer)
    every_file = page.evaluate("files => Promise.all(files.map(f => fetch(f).then(r => r.ok)))", precache["files"])
    assert all(every_file)
    page.goto(folder + "index.html?from=home-screen")
    wait_for_player(page)
    expect_on_page(page, course, strings, 1)
    assert tab.errors == []


def test_media_ranges_are_answered_offline(packages: Any, tab: Any, host: StaticHost) -> None:
    """Safari plays audio and video from a service worker only if byte ranges get 206 answers."""
    package = packages.get("player-demo", "web")
    folder = host.install(package, "player-demo")
    page = tab.page
    page.goto(folder)
    wait_for_player(page)
    wait_for_offline_copy(page)
    page.context.set_offline(True)
    host.stop()
    size = (package / "media" / "film.mp4").stat().st_size
    answers = page.evaluate("""async size => {
      const get = async range => {
        const r = await fetch("media/film.mp4", {headers: {Range: range}});
        return [r.status, r.headers.get("Content-Range"), (await r.arrayBuffer()).byteLength];
      };
      return [await get("bytes=0-9"), await get("bytes=10-"), await get("bytes=-4"), await get(`bytes=${size}-`)];
    }""", size)
    assert answers == [[206, f"bytes 0-9/{size}", 10], [206, f"bytes 10-{size - 1}/{size}", size - 10],
                       [206, f"bytes {size - 4}-{size - 1}/{size}", 4], [416, f"bytes */{size}", 0]]
    assert [e for e in tab.errors if "status of 416" not in e] == []  # the last one was asked for


def _build_mini(project: Path) -> Path:
    result = run_moduletool("build", "-f", "web", cwd=project)
    assert result.returncode == 0, result.stderr
    unpacked = project / "unpacked"
    shutil.rmtree(unpacked, ignore_errors=True)
    for name, data in read_zip(project / "dist/mini-course/en/mini-course-2.1.0-en-web.zip").items():
        (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / name).write_bytes(data)
    return unpacked


def test_an_updated_package_replaces_the_old_cache(tab: Any, host: StaticHost, tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    folder = host.install(_build_mini(project), "mini-course")
    page = tab.page
    page.goto(folder)
    wait_for_player(page)
    wait_for_offline_copy(page)
    old = page.evaluate("caches.keys()")

    module = project / "modules" / "mini-course" / "module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("The first day", "Day one"), encoding="utf-8")
    host.install(_build_mini(project), "mini-course")
    names = page.evaluate("""async old => {
      await (await navigator.serviceWorker.getRegistration()).update();
      for (let tries = 0; tries < 100; tries++) {
        const names = await caches.keys();
        if (names.length === 1 && names[0] !== old[0]) return names;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      return await caches.keys();
    }""", old)
    assert len(old) == len(names) == 1 and names != old  # the new version's cache, and only it

    page.context.set_offline(True)
    host.stop()
    page.reload()
    wait_for_player(page)
    expect(page.locator("#title-start")).to_have_text("Day one")
    assert tab.errors == []


# ---- When the browser will not keep anything ---------------------------------------------------

def test_blocked_storage_tells_the_learner(packages: Any, tab: Any) -> None:
    package = packages.get("job-search", "web")
    strings = embedded(package, "moduletool-strings")
    page = tab.page
    page.add_init_script(BLOCK_STORAGE)
    page.goto((package / "index.html").as_uri())
    wait_for_player(page)
    alert = page.locator("#lms-alert")
    expect(alert).to_have_text(strings["storage_unavailable"])
    assert alert.get_attribute("role") == "alert"
    assert page.evaluate("window.moduletool.state().connected") is False
    page.click("#next")  # the module still works; it only forgets
    assert page.evaluate("window.moduletool.state().page") == 1
    assert tab.errors == []


def test_full_storage_tells_the_learner_and_recovers(packages: Any, tab: Any) -> None:
    package = packages.get("job-search", "web")
    course, strings = embedded(package, "moduletool-course"), embedded(package, "moduletool-strings")
    page = tab.page
    page.add_init_script(FILL_STORAGE)
    page.goto((package / "index.html").as_uri())
    wait_for_player(page)
    # Full from the start: nothing could be kept, and the learner is told at once.
    expect(page.locator("#lms-alert")).to_have_text(strings["storage_unavailable"])

    page.evaluate("window.name = 'roomy'")
    page.reload()
    wait_for_player(page)
    expect(page.locator("#lms-alert")).to_be_empty()
    page.evaluate("window.__full = true")  # fills up during the session
    page.click("#next")
    expect(page.locator("#lms-alert")).to_have_text(strings["storage_error"])
    assert stored(page, course)["bookmark"] == course["pages"][0]["id"]
    page.evaluate("window.__full = false")
    page.click("#next")
    expect(page.locator("#lms-alert")).to_have_text(strings["lms_saved"])
    assert stored(page, course)["bookmark"] == course["pages"][2]["id"]
    assert tab.errors == []
