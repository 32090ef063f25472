"""Fixtures for the player's browser tests: Debian's Chromium through Playwright, scorm-again as the
LMS, a local HTTP server, and packages built the way a user builds them (`moduletool build`).

Missing tools make these tests fail, not skip: a green run must mean the player really ran.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.standards import scorm2004_control_documents

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness"
FIXTURE_MODULES = HERE / "modules"
CHROMIUM = Path("/usr/bin/chromium")
SCORM_AGAIN = REPO / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# What the packages will have to live with once served with a Content-Security-Policy: no inline
# script or style, nothing from elsewhere, forms that never leave the page.
SCO_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'")
PUBLISHER_IRI = "https://example.org/moduletool-tests"  # cmi5 and xAPI ids are built from it
SAMPLE_MODULE = "job-search"
DEMO_MODULE = "player-demo"


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium "
                    "chromium-driver); Playwright cannot download its own browsers here", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def scorm_again_js() -> Path:
    if not SCORM_AGAIN.is_file():
        pytest.fail(f"{SCORM_AGAIN.relative_to(REPO)} is missing: run `npm ci` in {REPO} "
                    "(scorm-again is the test LMS)", pytrace=False)
    return SCORM_AGAIN


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A browser tab that records script errors and console errors, so tests can assert there are none."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", lambda message: self.errors.append(f"console: {message.text}")
                if message.type == "error" else None)


@pytest.fixture
def tab(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield Page(page)
    context.close()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        if self.path.startswith("/sco/"):
            self.send_header("Content-Security-Policy", SCO_CSP)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Site:
    """A folder served over HTTP on 127.0.0.1: the test LMS at /lms.html, the package under /sco/."""

    def __init__(self, root: Path, url: str) -> None:
        self.root = root
        self.url = url

    def install_package(self, package_dir: Path) -> None:
        target = self.root / "sco"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(package_dir, target)


@pytest.fixture
def site(tmp_path: Path, scorm_again_js: Path) -> Iterator[Site]:
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(scorm_again_js, root / "scorm-again.js")
    for name in ("lms.html", "lms.js", "nested.html"):
        shutil.copy(HARNESS / name, root / name)
    (root / "favicon.ico").write_bytes(b"")  # a SCO opened on its own makes Chromium ask for one
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _module_source(module_id: str) -> Path:
    for folder in (REPO / "modules" / module_id, FIXTURE_MODULES / module_id):
        if (folder / "module.yaml").is_file():
            return folder
    pytest.fail(f"module {module_id} not found in modules/ or {FIXTURE_MODULES.relative_to(REPO)}", pytrace=False)


def _build_with_cli(module_id: str, workdir: Path, package_format: str) -> Path:
    """`moduletool build <id> -f <format>` in a throw-away project holding a copy of the module; the
    unzipped package (SCORM 2004 with its control documents, as it is shipped)."""
    project = workdir / "project"
    shutil.copytree(_module_source(module_id), project / "modules" / module_id)
    (project / "moduletool.yaml").write_text(f"source_language: en\nformats: [scorm12]\npublisher_iri: {PUBLISHER_IRI}\n",
                                             encoding="utf-8")
    moduletool = Path(sys.executable).with_name("moduletool")
    options = ["--control-documents", str(scorm2004_control_documents())] if package_format == "scorm2004" else []
    result = subprocess.run([str(moduletool), "-C", str(project), "build", module_id, "-f", package_format, *options],
                            capture_output=True, text=True, timeout=300, check=False)
    zips = sorted((project / "dist" / module_id / "en").glob(f"{module_id}-*-en-{package_format}.zip"))
    if result.returncode != 0 or len(zips) != 1:
        pytest.fail(f"`moduletool build {module_id} -f {package_format}` failed (exit {result.returncode}):\n"
                    f"{result.stdout}\n{result.stderr}", pytrace=False)
    unpacked = workdir / "package"
    with zipfile.ZipFile(zips[0]) as archive:
        archive.extractall(unpacked)
    return unpacked


class Packages:
    """Packages built once per test session, by module id and format."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[tuple[str, str], Path] = {}

    def get(self, module_id: str, package_format: str = "scorm12") -> Path:
        key = (module_id, package_format)
        if key not in self.built:
            self.built[key] = _build_with_cli(module_id, self.root / package_format / module_id, package_format)
        return self.built[key]

    def course(self, module_id: str, package_format: str = "scorm12") -> dict[str, Any]:
        """The course data embedded in the built index.html (what the runtime works from)."""
        html = (self.get(module_id, package_format) / "index.html").read_text(encoding="utf-8")
        start = html.index('<script type="application/json" id="moduletool-course">')
        start = html.index(">", start) + 1
        return json.loads(html[start:html.index("</script>", start)])

    def strings(self, module_id: str) -> dict[str, str]:
        html = (self.get(module_id) / "index.html").read_text(encoding="utf-8")
        start = html.index('<script type="application/json" id="moduletool-strings">')
        start = html.index(">", start) + 1
        return json.loads(html[start:html.index("</script>", start)])


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Packages:
    return Packages(tmp_path_factory.mktemp("packages"))


class LMS:
    """The test LMS page: launch the SCO in its frame, close it, read back what it recorded.

    `standard` picks the API the LMS offers: "1.2" (window.API) or "2004" (window.API_1484_11).
    """

    def __init__(self, tab: Page, site: Site, standard: str = "1.2") -> None:
        self.tab = tab
        self.page = tab.page
        self.site = site
        self.standard = standard

    def open(self) -> None:
        self.page.goto(f"{self.site.url}/lms.html")
        self.page.wait_for_function("typeof window.Scorm12API === 'function' && "
                                    "typeof window.Scorm2004API === 'function'")

    def launch(self, cmi: dict[str, Any] | None = None, fail: list[str] | None = None) -> Any:
        """Start a session; returns the SCO's frame once the player has started."""
        self.page.evaluate("options => window.launch(options)",
                           {"cmi": cmi, "fail": fail or [], "standard": self.standard})
        frame = self._frame()
        frame.wait_for_function("window.moduletool && window.moduletool.state()")
        return frame

    def launch_popup(self, cmi: dict[str, Any] | None = None) -> Any:
        """Start a session with the SCO in a window of its own (the LMS page is its opener); returns that page."""
        with self.page.expect_popup() as popup:
            self.page.evaluate("options => window.launch(options)",
                               {"cmi": cmi, "fail": [], "standard": self.standard, "popup": True})
        page = popup.value
        # Deferred scripts run before "load"; no wait_for_function here: the SCO's CSP forbids eval.
        page.wait_for_load_state("load")
        assert page.evaluate("Boolean(window.moduletool && window.moduletool.state())")
        return page

    def _frame(self) -> Any:
        self.page.wait_for_function("document.querySelector('iframe[name=sco]') !== null")
        handle = self.page.wait_for_selector("iframe[name=sco]")
        frame = handle.content_frame()
        frame.wait_for_load_state("load")
        return frame

    def close(self) -> None:
        self.page.evaluate("window.closeSco()")
        self.page.wait_for_function("document.querySelector('iframe[name=sco]') === null")

    def cmi(self) -> dict[str, Any]:
        return self.page.evaluate("window.cmiData()")

    def log(self) -> list[dict[str, Any]]:
        return self.page.evaluate("window.lmsLog")

    def clear_log(self) -> None:
        self.page.evaluate("window.lmsLog = []")


@pytest.fixture
def lms(tab: Page, site: Site) -> LMS:
    return LMS(tab, site)


@pytest.fixture
def lms2004(tab: Page, site: Site) -> LMS:
    return LMS(tab, site, standard="2004")


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Ralph, a real LRS, for the cmi5 and xAPI tests (see ralph_lrs.py)."""
    from ralph_lrs import Ralph

    lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    lrs.start()
    try:
        yield lrs
    finally:
        lrs.stop()


@pytest.fixture
def xapi_lms(ralph: Any) -> Iterator[Any]:
    """Our small cmi5 / Tin Can LMS in front of Ralph (see xapi_lms.py)."""
    from xapi_lms import XapiLms

    lms = XapiLms(ralph)
    lms.start()
    try:
        yield lms
    finally:
        lms.stop()


@pytest.fixture(scope="session")
def sample_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Every package the sample project builds (and the demo module), unpacked and served (sample_packages.py)."""
    from sample_packages import SamplePackages, serve

    root = tmp_path_factory.mktemp("sample-site")
    server = serve(root)
    packages = SamplePackages(root, next(server))
    packages.build(tmp_path_factory.mktemp("sample-build"))
    yield packages
    server.close()
