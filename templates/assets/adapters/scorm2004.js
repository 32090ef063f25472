/* moduletool: SCORM 2004 4th Edition adapter (plain ES2017; uses adapters/scorm-api.js).
 *
 * Implements the adapter contract documented at the top of adapters/scorm12.js, against the
 * API_1484_11 object of the LMS; the search, the checked calls and the retried writes are
 * adapters/scorm-api.js's. SCORM 2004 specifics kept here:
 *
 *   - the API search of the standard: the window and up to 500 parents, then the opener (of the
 *     top window, else of this one) and its parents;
 *   - completion and success are separate: completion_status follows the module's completion
 *     rule, success_status is reported only once the module is done and scored (the manifest's
 *     minNormalizedMeasure becomes cmi.scaled_passing_score, and the LMS then judges success from
 *     score.scaled: the player applies the same rule, in the same whole percents);
 *   - progress_measure (0..1) reaches 1 exactly when the module's completion rule is met;
 *   - one interaction per answered question, id = the question's stable id, with its type,
 *     objectives, timestamp, correct responses, weighting, learner_response and result
 *     (correct | incorrect | neutral); option ids are written with "_" for "-", because Moodle
 *     checks short identifiers against [\w.] only;
 *   - cmi.objectives: one record per module objective the questions assess (found by id, so
 *     records the LMS already holds are updated, never duplicated);
 *   - location (1000 characters), suspend_data (64000), session_time as an ISO 8601 duration,
 *     exit "suspend" while the module is unfinished and "normal" once it is done.
 */
(function () {
  "use strict";

  var MAX_PARENTS = 500;
  var SUSPEND_DATA_MAX = 64000;
  var LOCATION_MAX = 1000;
  var FILL_IN_MAX = 250;
  var FILL_IN_PATTERNS_MAX = 5;   // what every LMS must accept for fill-in correct_responses
  var RESULTS = { correct: "correct", wrong: "incorrect", neutral: "neutral" };

  // The API search of the standard (the window and up to 500 parents, then the opener of the
  // top window, else of this one, and its parents) and the method names of SCORM 2004, for the
  // shared session (scorm-api.js).
  var VERSION = {
    api: "API_1484_11", initialize: "Initialize", maxParents: MAX_PARENTS, topOpener: true,
    terminate: "Terminate", commit: "Commit", getValue: "GetValue", setValue: "SetValue",
    getLastError: "GetLastError", getErrorString: "GetErrorString"
  };

  var scorm = null;        // window.ModuletoolScorm
  var lms = null;          // its session, from start()

  // timeinterval (second, 10, 2): PT<h>H<m>M<s>.<cc>S
  function duration(ms) {
    var pad = scorm.pad;
    var cs = Math.max(0, Math.round(ms / 10));
    return "PT" + Math.floor(cs / 360000) + "H" + Math.floor(cs / 6000) % 60 + "M" +
      Math.floor(cs / 100) % 60 + "." + pad(cs % 100, 2) + "S";
  }

  // time (second, 10, 0) in UTC with hundredths, the precision Moodle accepts.
  function timestamp(date) {
    var pad = scorm.pad;
    return date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1, 2) + "-" + pad(date.getUTCDate(), 2) +
      "T" + pad(date.getUTCHours(), 2) + ":" + pad(date.getUTCMinutes(), 2) + ":" + pad(date.getUTCSeconds(), 2) +
      "." + pad(Math.floor(date.getUTCMilliseconds() / 10), 2) + "Z";
  }

  // A real number as SCORM writes it, cut (never rounded up) to 4 decimals.
  function decimal(value) {
    return String(Math.floor(value * 10000) / 10000);
  }

  function shortId(id) {
    return String(id).replace(/-/g, "_");
  }

  // Typed text as one fill-in string: "[,]" would split it in two, and a leading "{" would be
  // taken for a {lang=…} delimiter, so both get a space that keeps them literal.
  function fillInText(text) {
    return String(text).slice(0, FILL_IN_MAX).replace(/\[,\]/g, "[ ,]").replace(/^\{/, " {");
  }

  function learnerResponse(question, response) {
    switch (question.interaction) {
      case "true-false": return response ? "true" : "false";
      case "fill-in": return fillInText(response);
      default: return response.map(shortId).join("[,]");
    }
  }

  function correctPatterns(question) {
    switch (question.interaction) {
      case "true-false": return [question.correct[0] ? "true" : "false"];
      case "fill-in":
        return question.correct.slice(0, FILL_IN_PATTERNS_MAX).map(function (answer) {
          var text = String(answer).trim().slice(0, FILL_IN_MAX).replace(/\[,\]/g, "[ ,]");
          return (question.caseSensitive ? "{case_matters=true}" : "") + text;
        });
      default: return [question.correct.map(shortId).join("[,]")];
    }
  }

  var lmsCompletion = "";  // completion_status as the LMS knows it
  var exit = "suspend";
  var nextInteraction = 0;
  var objectiveIndex = {}; // objective id -> its index in cmi.objectives
  var objectiveCount = 0;

  function active() {
    return lms !== null && lms.active();
  }

  function get(element) { return lms.get(element); }

  function set(element, value) { return lms.set(element, value); }

  // Each value is written even when one before it fails; what failed is written again on the
  // next save, since set() skips only values the LMS accepted.
  function setAll(writes) {
    return writes.reduce(function (ok, write) { return set(write[0], write[1]) && ok; }, true);
  }

  function scoreWrites(prefix, score) {
    return [[prefix + "score.scaled", String(score / 100)], [prefix + "score.raw", String(score)],
            [prefix + "score.min", "0"], [prefix + "score.max", "100"]];
  }

  // One objective record, found by id; a new one takes the next index once the LMS has its id.
  function setObjective(objective) {
    var index = objectiveIndex[objective.id];
    if (index === undefined) {
      index = objectiveCount;
      if (!set("cmi.objectives." + index + ".id", objective.id)) return false;
      objectiveIndex[objective.id] = index;
      objectiveCount += 1;
    }
    var prefix = "cmi.objectives." + index + ".";
    var writes = [[prefix + "completion_status", objective.status === "incomplete" ? "incomplete" : "completed"]];
    if (objective.status === "passed" || objective.status === "failed") {
      writes = writes.concat(scoreWrites(prefix, objective.score), [[prefix + "success_status", objective.status]]);
    }
    return setAll(writes);
  }

  var adapter = {
    format: "scorm2004",

    lastError: function () { return lms ? lms.lastError() : null; },

    start: function () {
      scorm = window.ModuletoolScorm;
      lms = scorm.session(VERSION);
      var status = lms.start();
      if (status !== "ok") return { status: status, bookmark: "", state: "" };
      lmsCompletion = get("cmi.completion_status");
      lms.remember("cmi.completion_status", lmsCompletion);
      nextInteraction = parseInt(get("cmi.interactions._count"), 10) || 0;
      objectiveCount = parseInt(get("cmi.objectives._count"), 10) || 0;
      for (var i = 0; i < objectiveCount; i++) objectiveIndex[get("cmi.objectives." + i + ".id")] = i;
      return lms.resume("cmi.suspend_data", "cmi.location", "cmi.entry");
    },

    setBookmark: function (pageId) {
      return !active() || set("cmi.location", String(pageId).slice(0, LOCATION_MAX));
    },

    setState: function (text) {
      return !active() || lms.saveState("cmi.suspend_data", text, SUSPEND_DATA_MAX);
    },

    setProgress: function (progress) {
      if (!active()) return true;
      var done = progress.status !== "incomplete";
      var writes = [];
      // Never turn a completed attempt back into an unfinished one (e.g. after a module update).
      if (done || lmsCompletion !== "completed") {
        writes.push(["cmi.completion_status", done ? "completed" : "incomplete"]);
        if (typeof progress.progress === "number") writes.push(["cmi.progress_measure", decimal(progress.progress)]);
        if (done) lmsCompletion = "completed";
      }
      if (typeof progress.score === "number") {
        writes = writes.concat(scoreWrites("cmi.", progress.score), [["cmi.success_status", progress.status]]);
      }
      exit = done ? "normal" : "suspend";
      writes.push(["cmi.exit", exit]);
      var ok = setAll(writes);
      return (progress.objectives || []).reduce(function (all, objective) {
        return setObjective(objective) && all;
      }, ok);
    },

    recordInteraction: function (question, response, result) {
      if (!active()) return true;
      var prefix = "cmi.interactions." + nextInteraction + ".";
      nextInteraction += 1;
      // Moodle checks the response formats against the type: the type goes right after the id.
      var writes = [[prefix + "id", question.id], [prefix + "type", question.interaction]];
      (question.objectives || []).forEach(function (objective, index) {
        writes.push([prefix + "objectives." + index + ".id", objective]);
      });
      writes.push([prefix + "timestamp", timestamp(new Date())]);
      if (question.graded) {
        correctPatterns(question).forEach(function (pattern, index) {
          writes.push([prefix + "correct_responses." + index + ".pattern", pattern]);
        });
        writes.push([prefix + "weighting", String(question.points)]);
      }
      writes.push([prefix + "learner_response", learnerResponse(question, response)]);
      writes.push([prefix + "result", RESULTS[result] || "neutral"]);
      return lms.send(writes);
    },

    commit: function () {
      return !active() || lms.commit();
    },

    finish: function () {
      return !active() || lms.finish("cmi.session_time", duration, "cmi.exit", exit);
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.scorm2004 = adapter;
})();
