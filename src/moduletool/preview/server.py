"""The preview's HTTP server on 127.0.0.1: the outer page, the package, live reload and the LRS.

Routes:
  /                         the outer page (static/panel.html): package in an iframe, LMS side panel
  /_preview/<file>          the panel's own script and style
  /_preview/status          the current render: ok, diagnostics (file:line:col), limits, notes
  /_preview/events          Server-Sent Events: `build` with the new generation after each rebuild
  /_preview/launch          where the iframe goes: index.html, with the launch parameters for cmi5/xAPI
  /_preview/lrs             what the LRS holds, for the panel (cmi5/xAPI)
  /_preview/reset (POST)    a new attempt for the LRS (the SCORM data lives in the page)
  /package/<path>           the rendered package's files, never cached
  /lrs/<resource>           the xAPI endpoint (statements, state, agent profile)
  /fetch/<key> (POST)       the cmi5 fetch URL
"""

from __future__ import annotations

import importlib.resources
import json
import mimetypes
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .lrs import PreviewLrs, Reply
from .rendering import PreviewTarget, Rendered, render_preview
from .watch import Watcher

HOST = "127.0.0.1"
POLL_SECONDS = 0.4
KEEPALIVE_SECONDS = 15.0
STATIC_FILES = {"panel.js": "text/javascript; charset=utf-8", "panel.css": "text/css; charset=utf-8"}
NO_OP_SERVICE_WORKER = (b"// moduletool preview: the offline cache would keep showing old files while you edit, so\n"
                        b"// the preview replaces the web format's service worker with one that removes itself.\n"
                        b"self.addEventListener('install', function () { self.skipWaiting(); });\n"
                        b"self.addEventListener('activate', function () { self.registration.unregister(); });\n")


@dataclass(frozen=True)
class PreviewOptions:
    """The command line of `moduletool preview`."""

    root: Path
    module_id: str | None
    lang: str | None
    format_name: str
    port: int
    fixed_port: bool = True
    """False when the port is the default one: another free port is taken if it is busy."""


def _static(name: str) -> bytes:
    return importlib.resources.files("moduletool.preview").joinpath("static", name).read_bytes()


class PreviewState:
    """The current render, its generation number, and the waiters for the next one."""

    def __init__(self, target: PreviewTarget, lrs: PreviewLrs) -> None:
        self.target = target
        self.lrs = lrs
        self.changed = threading.Condition()
        self.generation = 0
        self.stopping = False
        self.rendered: Rendered = render_preview(target)
        self.watcher = Watcher(self.rendered.watch)

    def rebuild(self) -> Rendered:
        rendered = render_preview(self.target)
        with self.changed:
            self.rendered = rendered
            self.generation += 1
            self.changed.notify_all()
        if rendered.watch != self.watcher.paths:
            self.watcher = Watcher(rendered.watch)
        return rendered

    def watch(self, on_rebuild: Callable[[Rendered, list[str]], None]) -> None:
        """Poll for saves until stopped; rebuild and tell the pages after each."""
        while not self.stopping:
            time.sleep(POLL_SECONDS)
            changed = self.watcher.changed()
            if changed:
                on_rebuild(self.rebuild(), changed)

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class _Handler(BaseHTTPRequestHandler):
    state: PreviewState
    server_version = "moduletool-preview"

    def log_message(self, format: str, *args: Any) -> None:  # the terminal shows rebuilds, not every request
        pass

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _json(self, value: Any, status: int = 200) -> None:
        self._send(Reply(status, json.dumps(value, ensure_ascii=False).encode("utf-8")))

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:
        self._route()

    def do_HEAD(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_PUT(self) -> None:
        self._route()

    def do_DELETE(self) -> None:
        self._route()

    def _route(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        try:
            if path == "/":
                self._send(Reply(200, _static("panel.html"), "text/html; charset=utf-8"))
            elif path.startswith("/_preview/") and path[len("/_preview/"):] in STATIC_FILES:
                name = path[len("/_preview/"):]
                self._send(Reply(200, _static(name), STATIC_FILES[name]))
            elif path == "/_preview/status":
                with self.state.changed:
                    self._json(self.state.rendered.status_json(self.state.generation))
            elif path == "/_preview/events":
                self._events()
            elif path == "/_preview/launch":
                self._launch(url.query)
            elif path == "/_preview/lrs":
                self._json(self.state.lrs.panel_json())
            elif path == "/_preview/reset" and self.command == "POST":
                self.state.lrs.reset()
                self._json({"registration": self.state.lrs.registration})
            elif path.startswith("/package/"):
                self._package(path[len("/package/"):])
            elif path.startswith("/lrs/"):
                headers = {name.lower(): value for name, value in self.headers.items()}
                self._send(self.state.lrs.handle(self.command, path[len("/lrs/"):], url.query, headers, self._body()))
            elif path == "/favicon.ico":
                self._send(Reply(204, b"", "image/x-icon"))
            elif path.startswith("/fetch/") and self.command == "POST":
                self._body()
                self._send(self.state.lrs.fetch(path[len("/fetch/"):]))
            else:
                self._send(Reply(404, b"not found", "text/plain"))
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload, a closed tab): nothing to answer

    def _package(self, relative: str) -> None:
        rendered = self.state.rendered
        if rendered.format_name == "web" and relative == "sw.js":
            self._send(Reply(200, NO_OP_SERVICE_WORKER, "text/javascript"))
        elif not rendered.ok:
            self._send(Reply(503, b"<!doctype html><title>Not built</title><p>The module has problems: "
                                  b"see the preview page.</p>", "text/html; charset=utf-8"))
        elif relative in rendered.files:
            kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                kind += "; charset=utf-8"
            self._send(Reply(200, rendered.files[relative], kind))
        else:
            self._send(Reply(404, b"not in the package", "text/plain"))

    def _launch(self, query: str) -> None:
        rendered = self.state.rendered
        lrs = self.state.lrs
        if rendered.launch is not None and rendered.format_name in ("cmi5", "xapi"):
            url = lrs.launch_url(rendered.format_name, rendered.module_id, rendered.launch)
        else:
            url = "/package/index.html"
        self._json({"url": url, "registration": lrs.registration})

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.state
        seen = -1
        while True:
            with state.changed:
                if state.generation == seen and not state.stopping:
                    state.changed.wait(KEEPALIVE_SECONDS)
                if state.stopping:
                    return
                generation = state.generation
            message = f"event: build\ndata: {generation}\n\n" if generation != seen else ": keep-alive\n\n"
            seen = generation
            self.wfile.write(message.encode("utf-8"))
            self.wfile.flush()


class PreviewServer:
    """The running server: started, then stopped by `close()` (Ctrl+C in the command)."""

    def __init__(self, options: PreviewOptions) -> None:
        self.lrs = PreviewLrs()
        target = PreviewTarget(options.root, options.module_id, options.lang, options.format_name)
        self.state = PreviewState(target, self.lrs)
        handler = type("PreviewHandler", (_Handler,), {"state": self.state})
        self.httpd = _bind(handler, options.port, options.fixed_port)
        self.httpd.daemon_threads = True
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}/"
        self.lrs.base_url = self.url.rstrip("/")
        self._threads: list[threading.Thread] = []

    def start(self, on_rebuild: Callable[[Rendered, list[str]], None]) -> None:
        """Serve and watch in background threads."""
        self._threads = [threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True),
                         threading.Thread(target=self.state.watch, args=(on_rebuild,), name="preview-watch",
                                          daemon=True)]
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        self.state.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def _bind(handler: type[BaseHTTPRequestHandler], port: int, fixed: bool) -> ThreadingHTTPServer:
    try:
        return ThreadingHTTPServer((HOST, port), handler)
    except OSError:
        if fixed:
            raise
        return ThreadingHTTPServer((HOST, 0), handler)


def serve_preview(options: PreviewOptions, on_ready: Callable[[PreviewServer], None],
                  on_rebuild: Callable[[Rendered, list[str]], None]) -> None:
    """Run the preview until Ctrl+C (KeyboardInterrupt) or SIGTERM, then stop cleanly."""
    server = PreviewServer(options)
    server.start(on_rebuild)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        on_ready(server)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM (a service manager, `kill`) stops the preview the way Ctrl+C does."""
    raise KeyboardInterrupt
