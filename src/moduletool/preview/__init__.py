"""`moduletool preview`: a local server that shows a module as a learner and as the LMS sees it.

* `rendering.py` renders the module in memory with the build's own pieces (no files written);
* `watch.py` notices saves of the module, its translations, the settings and the theme;
* `lrs.py` is the small in-memory LRS (and cmi5 launch) the cmi5 and xAPI formats report to;
* `server.py` serves the outer page, the package, live-reload events and the LRS on 127.0.0.1;
* `static/` is the outer page: the package in an iframe, and the LMS side panel whose SCORM API
  object the player finds by walking `window.parent`, as it would in a real LMS.
"""

from .server import PreviewOptions, serve_preview

__all__ = ["PreviewOptions", "serve_preview"]
