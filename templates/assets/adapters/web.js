/* moduletool: offline web adapter (plain ES2017, no dependencies).
 *
 * The contract of adapters/scorm12.js, with the browser's localStorage as the "LMS": there is no
 * one to report to, so the learner's own device keeps the bookmark and the saved-state string, as
 * one JSON record per module and language:
 *
 *   key   "moduletool:<module id>:<language>"
 *   value {"bookmark": page id, "state": saved state, "status": ..., "score": 0..100 | null,
 *          "progress": 0..1}
 *
 * Status, score and progress are stored beside the state (the player itself needs only the state
 * and bookmark) so that a page listing the modules of one site can show them without running them.
 *
 * Every module opened from file:// shares one storage in Chromium (and every module of one host
 * shares its origin), hence the module id and language in the key. The structure fingerprint is
 * not in the key: it is inside the saved state, where the player checks it, so a learner coming
 * back to an updated module still lands on the page they left and no orphaned record stays behind.
 *
 * localStorage may be missing or refuse writes (storage blocked by the browser's settings, old
 * Safari in private mode, a full quota). Then start() says "no-lms" and the player shows
 * `messages["no-lms"]`; a write that fails later makes commit() return false and the player shows
 * `messages.error`. The module keeps working either way; it just cannot remember.
 */
(function () {
  "use strict";

  var storage = null;
  var key = "";
  var record = { bookmark: "", state: "", status: "incomplete", score: null, progress: 0 };
  var written = "";   // the JSON last stored, so unchanged progress is not written again
  var started = false;
  var finished = false;
  var lastError = null;

  // Reading window.localStorage itself throws when the browser blocks storage for this page.
  function localStorageOrNull() {
    try {
      return window.localStorage || null;
    } catch (e) {
      lastError = { call: "localStorage", code: e.name || "", text: String(e) };
      return null;
    }
  }

  function readRecord() {
    var saved = null;
    try {
      saved = JSON.parse(storage.getItem(key) || "null");
    } catch (e) {
      saved = null; // unreadable (written by hand, or cut short): start afresh
    }
    if (!saved || typeof saved !== "object") return null;
    return {
      bookmark: typeof saved.bookmark === "string" ? saved.bookmark : "",
      state: typeof saved.state === "string" ? saved.state : "",
      status: typeof saved.status === "string" ? saved.status : "incomplete",
      score: typeof saved.score === "number" ? saved.score : null,
      progress: typeof saved.progress === "number" ? saved.progress : 0
    };
  }

  function write() {
    var text = JSON.stringify(record);
    if (text === written) return true;
    try {
      storage.setItem(key, text);
    } catch (e) {
      lastError = { call: "setItem", code: e.name || "", text: String(e) };
      return false;
    }
    written = text;
    return true;
  }

  function active() {
    return started && !finished;
  }

  var adapter = {
    format: "web",

    // Keys of the player's strings shown instead of the LMS wording.
    messages: { "no-lms": "storage_unavailable", error: "storage_error" },

    lastError: function () { return lastError; },

    start: function () {
      var course = JSON.parse(document.getElementById("moduletool-course").textContent);
      key = "moduletool:" + course.id + ":" + course.lang;
      storage = localStorageOrNull();
      if (!storage) return { status: "no-lms", bookmark: "", state: "" };
      var saved = readRecord();
      if (saved) record = saved;
      // Writing the record back proves that progress can be kept, before the learner relies on it.
      if (!write()) return { status: "no-lms", bookmark: record.bookmark, state: record.state };
      started = true;
      return { status: "ok", bookmark: record.bookmark, state: record.state, entry: saved ? "resume" : "ab-initio" };
    },

    setBookmark: function (pageId) {
      record.bookmark = String(pageId);
      return true;
    },

    setState: function (text) {
      record.state = String(text);
      return true;
    },

    setProgress: function (progress) {
      record.status = progress.status;
      record.score = typeof progress.score === "number" ? progress.score : null;
      record.progress = typeof progress.progress === "number" ? progress.progress : 0;
      return true;
    },

    // The answers are already in the saved state, and nobody else is there to receive them.
    recordInteraction: function () { return true; },

    commit: function () {
      return !active() || write();
    },

    finish: function () {
      if (!active()) return true;
      var ok = write();
      finished = true;
      return ok;
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.web = adapter;
})();
