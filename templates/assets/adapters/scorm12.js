/* moduletool: SCORM 1.2 adapter (plain ES2017; uses adapters/scorm-api.js).
 *
 * The player talks to every LMS through the same small object, registered as
 * window.ModuletoolAdapters.<format>; every method but start() returns true on success:
 *
 *   start()                      -> {status: "ok" | "no-lms" | "error", bookmark, state}, or a
 *                                Promise of it (the player waits; questions take no answer
 *                                until it settles). Optional fields: mastery (pass mark in
 *                                percent, from the LMS: cmi5 masteryScore), muted (true: mute
 *                                audio and video, cmi5 audioPreference), exitURL (show an Exit
 *                                button that ends the session and goes there, cmi5 returnURL)
 *   setBookmark(pageId)          remember the current page
 *   setState(text)               the saved-state string (see course_data.py)
 *   setProgress({status, score, progress, objectives})
 *                                status: incomplete | completed | passed | failed;
 *                                score: integer 0..100, or null while unknown;
 *                                progress: 0..1, 1 exactly when the module is done;
 *                                objectives: [{id, status, score}] per module objective the
 *                                questions assess, judged like the module (SCORM 1.2 uses
 *                                status and score only)
 *   recordInteraction(question, response, result)
 *                                once per answered question; question: course data entry;
 *                                response: option ids (choice, likert), boolean (true-false)
 *                                or text (fill-in); result: correct | wrong | neutral
 *   commit()                     persist now
 *   finish()                     end the session (on pagehide, or on Exit); later calls do nothing
 *   messages                     optional {"no-lms": key, error: key}: player strings shown
 *                                instead of no_lms and lms_error (see adapters/web.js)
 *
 *   recordInteraction, commit and finish may return a Promise of true/false instead (network
 *   LMSs: cmi5, xAPI); the player shows its warning when it resolves to false. On pagehide the
 *   player does not wait: whatever must survive the page is sent within the finish() call.
 *
 * SCORM 1.2 specifics kept here: the API's name, method names and search depth (the search, the
 * checked calls and the retried writes are adapters/scorm-api.js's), CMI element names and
 * vocabularies, the 4096-character suspend_data limit (scorm-again and some LMSs accept more;
 * Moodle does not), write-only interactions (written once, when answered), exit/session_time on
 * finish.
 */
(function () {
  "use strict";

  var LETTERS = "abcdefghijklmnopqrstuvwxyz";
  var SUSPEND_DATA_MAX = 4096;
  var STRING255_MAX = 255;
  var DONE = { completed: true, passed: true, failed: true };

  // The API search of the ADL algorithm (up to 7 parents, then the opener and its parents) and
  // the method names of SCORM 1.2, for the shared session (scorm-api.js).
  var VERSION = {
    api: "API", initialize: "LMSInitialize", maxParents: 7, topOpener: false,
    terminate: "LMSFinish", commit: "LMSCommit", getValue: "LMSGetValue", setValue: "LMSSetValue",
    getLastError: "LMSGetLastError", getErrorString: "LMSGetErrorString"
  };

  var scorm = null;        // window.ModuletoolScorm
  var lms = null;          // its session, from start()

  // CMITimespan, HHHH:MM:SS.SS with 2 to 4 digits of hours.
  function timespan(ms) {
    var pad = scorm.pad;
    var cs = Math.min(Math.round(ms / 10), 9999 * 360000 + 359999);
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor(cs / 6000) % 60;
    var seconds = Math.floor(cs / 100) % 60;
    return pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(cs % 100, 2);
  }

  // CMITime, the time of day HH:MM:SS.
  function clock(date) {
    var pad = scorm.pad;
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function letters(question, ids) {
    return question.options
      .map(function (id, index) { return ids.indexOf(id) >= 0 ? LETTERS.charAt(index) : ""; })
      .filter(Boolean)
      .join(",");
  }

  function responseText(question, response) {
    switch (question.interaction) {
      case "true-false": return response ? "t" : "f";
      case "fill-in": return String(response).slice(0, STRING255_MAX);
      default: return letters(question, response);
    }
  }

  function patternText(question) {
    switch (question.interaction) {
      case "true-false": return question.correct[0] ? "t" : "f";
      case "fill-in": return String(question.correct[0]).slice(0, STRING255_MAX);
      default: return letters(question, question.correct);
    }
  }

  var lmsStatus = "";      // lesson_status as the LMS knows it
  var exit = "suspend";    // cmi.core.exit: "suspend" until the module is done
  var nextInteraction = 0;

  function active() {
    return lms !== null && lms.active();
  }

  function get(element) { return lms.get(element); }

  function set(element, value) { return lms.set(element, value); }

  var adapter = {
    format: "scorm12",

    lastError: function () { return lms ? lms.lastError() : null; },

    start: function () {
      scorm = window.ModuletoolScorm;
      lms = scorm.session(VERSION);
      var status = lms.start();
      if (status !== "ok") return { status: status, bookmark: "", state: "" };
      lmsStatus = get("cmi.core.lesson_status");
      lms.remember("cmi.core.lesson_status", lmsStatus);
      nextInteraction = parseInt(get("cmi.interactions._count"), 10) || 0;
      return lms.resume("cmi.suspend_data", "cmi.core.lesson_location", "cmi.core.entry");
    },

    setBookmark: function (pageId) {
      return !active() || set("cmi.core.lesson_location", String(pageId).slice(0, STRING255_MAX));
    },

    setState: function (text) {
      return !active() || lms.saveState("cmi.suspend_data", text, SUSPEND_DATA_MAX);
    },

    setProgress: function (progress) {
      if (!active()) return true;
      var ok = true;
      var status = progress.status;
      // Never turn a finished attempt back into an unfinished one (e.g. after a module update).
      if (!(status === "incomplete" && DONE[lmsStatus])) {
        ok = set("cmi.core.lesson_status", status) && ok;
        if (ok) lmsStatus = status;
      }
      exit = status === "incomplete" ? "suspend" : "";
      ok = set("cmi.core.exit", exit) && ok;
      if (typeof progress.score === "number") {
        ok = set("cmi.core.score.min", "0") && ok;
        ok = set("cmi.core.score.max", "100") && ok;
        ok = set("cmi.core.score.raw", String(Math.round(progress.score))) && ok;
      }
      return ok;
    },

    recordInteraction: function (question, response, result) {
      if (!active()) return true;
      var prefix = "cmi.interactions." + nextInteraction + ".";
      nextInteraction += 1;
      var writes = [[prefix + "id", question.id]];
      (question.objectives || []).forEach(function (objective, index) {
        writes.push([prefix + "objectives." + index + ".id", objective]);
      });
      writes.push([prefix + "time", clock(new Date())]);
      writes.push([prefix + "type", question.interaction]);
      if (question.graded) {
        writes.push([prefix + "correct_responses.0.pattern", patternText(question)]);
        writes.push([prefix + "weighting", String(question.points)]);
      }
      writes.push([prefix + "student_response", responseText(question, response)]);
      writes.push([prefix + "result", result]);
      return lms.send(writes);
    },

    commit: function () {
      return !active() || lms.commit();
    },

    finish: function () {
      return !active() || lms.finish("cmi.core.session_time", timespan, "cmi.core.exit", exit);
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.scorm12 = adapter;
})();
