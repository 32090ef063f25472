/* moduletool: the SCORM runtime plumbing shared by the SCORM 1.2 and SCORM 2004 adapters
 * (plain ES2017, no dependencies).
 *
 * Registered as window.ModuletoolScorm. It ships only in scorm12 and scorm2004 packages
 * (render/theme.py, SHARED_ADAPTER_PARTS); like xapi-client.js, the adapters look it up in
 * start(), never while loading.
 *
 * What is the same for both versions lives here; what differs comes in `version`, which each
 * adapter keeps beside its element names, vocabularies and limits:
 *   pad(number, width)         zero-padded digits, for the time formats of both versions
 *   session(version)           one session with the LMS's API object; `version` names
 *     api, initialize            the window property holding the API, and the method whose
 *                                presence identifies it (API / LMSInitialize, API_1484_11 / Initialize)
 *     maxParents, topOpener      the search: how many parents to climb, and whether the top
 *                                window's opener comes before this window's (SCORM 2004)
 *     terminate, commit, getValue, setValue, getLastError, getErrorString
 *                                the other method names
 *
 * A session, all calls checked (a call succeeded when it returned "true" and the error code
 * afterwards is "0"; the first failure of a save is kept for lastError()):
 *   start()                    find the API and initialise: "ok", "no-lms" or "error"
 *   active()                   started and not finished
 *   get(element)               the value, "" when the LMS has none
 *   put(element, value)        one SetValue
 *   set(element, value)        SetValue unless the LMS already accepted this value
 *   remember(element, value)   what the LMS holds, read at start (so set() skips it)
 *   resume(stateElement, bookmarkElement, entryElement)
 *                              start()'s answer to the player: saved state, bookmark and entry
 *   saveState(element, text, max)
 *                              setState(): refused (false, lastError) beyond `max` characters
 *   send(writes)               [element, value] pairs written in order now; what fails stays
 *                              pending and is retried by the next send, commit or finish
 *   commit()                   the pending writes, then Commit
 *   finish(timeElement, format, exitElement, exit)
 *                              the pending writes, the session time (format(milliseconds since
 *                              start)), the exit value, then Terminate; inactive afterwards
 *   fail(call, code, text), lastError()
 */
(function () {
  "use strict";

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  // The API of `version` in `win`, if it holds one. Frames of another origin throw on access; they
  // cannot hold the API for us, so the search moves on.
  function apiOf(win, version) {
    try {
      var api = win[version.api];
      return api && typeof api[version.initialize] === "function" ? api : null;
    } catch (e) {
      return null;
    }
  }

  function search(win, version) {
    for (var tries = 0; win && tries <= version.maxParents; tries++) {
      var api = apiOf(win, version);
      if (api) return api;
      var parent;
      try { parent = win.parent; } catch (e) { return null; }
      if (!parent || parent === win) return null;
      win = parent;
    }
    return null;
  }

  function openerWindow(topFirst) {
    if (topFirst) {
      try { if (window.top && window.top.opener) return window.top.opener; } catch (e) { /* another origin */ }
    }
    try { return window.opener || null; } catch (e) { return null; }
  }

  // This window and its parents, then the opener and its parents.
  function findAPI(version) {
    var api = search(window, version);
    var opener = api ? null : openerWindow(version.topOpener);
    return api || (opener ? search(opener, version) : null);
  }

  function session(version) {
    var api = null;
    var started = false;
    var finished = false;
    var startTime = 0;
    var written = {};   // element -> last value the LMS accepted (skip repeats)
    var pending = [];   // writes that failed, retried on the next send, commit or finish
    var lastError = null;

    function fail(what, code, text) {
      lastError = { call: what, code: code, text: text };
      return false;
    }

    function check(what, result) {
      var code = "";
      try { code = String(api[version.getLastError]()); } catch (e) { code = "exception"; }
      if (String(result) === "true" && (code === "0" || code === "")) return true;
      var text = "";
      try { text = String(api[version.getErrorString](code)); } catch (e) { text = ""; }
      return fail(what, code, text);
    }

    function call(name) {
      try {
        return check(name, api[name](""));
      } catch (e) {
        return fail(name, "exception", String(e));
      }
    }

    // An element the LMS has no value for reads as "" (SCORM 2004 LMSs report 403: no failure).
    function get(element) {
      try {
        var value = api[version.getValue](element);
        return value === null || value === undefined ? "" : String(value);
      } catch (e) {
        return "";
      }
    }

    function put(element, value) {
      var what = version.setValue + " " + element;
      try {
        return check(what, api[version.setValue](element, String(value)));
      } catch (e) {
        return fail(what, "exception", String(e));
      }
    }

    function set(element, value) {
      value = String(value);
      if (written[element] === value) return true;
      if (!put(element, value)) return false;
      written[element] = value;
      return true;
    }

    function flush() {
      while (pending.length) {
        if (!put(pending[0][0], pending[0][1])) return false;
        pending.shift();
      }
      return true;
    }

    return {
      start: function () {
        api = findAPI(version);
        if (!api) return "no-lms";
        if (!call(version.initialize)) return "error";
        started = true;
        startTime = Date.now();
        return "ok";
      },
      active: function () { return started && !finished; },
      get: get,
      put: put,
      set: set,
      remember: function (element, value) { written[element] = value; },
      // start()'s answer once initialised: the saved state and bookmark the LMS holds, and entry.
      resume: function (stateElement, bookmarkElement, entryElement) {
        var state = get(stateElement);
        var bookmark = get(bookmarkElement);
        written[stateElement] = state;
        written[bookmarkElement] = bookmark;
        return { status: "ok", bookmark: bookmark, state: state, entry: get(entryElement) };
      },
      // setState(): the saved state, refused when longer than the version's limit.
      saveState: function (element, text, max) {
        if (text.length > max) return fail("setState", "", "saved state longer than " + max);
        return set(element, text);
      },
      send: function (writes) {
        pending = pending.concat(writes);
        return flush();
      },
      commit: function () {
        var ok = flush();
        return call(version.commit) && ok;
      },
      finish: function (timeElement, format, exitElement, exit) {
        var ok = flush();
        ok = put(timeElement, format(Date.now() - startTime)) && ok;
        ok = set(exitElement, exit) && ok;
        finished = true;
        return call(version.terminate) && ok;
      },
      fail: fail,
      lastError: function () { return lastError; }
    };
  }

  window.ModuletoolScorm = { pad: pad, session: session };
})();
