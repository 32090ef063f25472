/* moduletool player runtime (plain ES2017, no dependencies, no build step).
 *
 * Shows one page at a time, checks answers (each question once), computes score, completion
 * and success, keeps the learner's progress as the saved-state string defined in
 * src/moduletool/render/course_data.py, and reports everything through the adapter of the
 * package format (window.ModuletoolAdapters[<html data-format>]).
 *
 * Saving: on every change (a page shown, an answer checked), every 30 seconds, when the page is
 * hidden (visibilitychange) and when it goes away (pagehide ends the session; browsers drop
 * `unload` inside LMS frames, so it is never used). A save the LMS refuses shows the learner a
 * notice and is tried again after 2, 4, 8, 16 and then every 30 seconds until it succeeds; the
 * notice then says so and clears.
 */
(function () {
  "use strict";

  var STATE_VERSION = "1";
  var SAVE_EVERY_MS = 30000;
  var RETRY_DELAYS_MS = [2000, 4000, 8000, 16000, 30000];  // the last one repeats

  var doc = document;
  var course = JSON.parse(doc.getElementById("moduletool-course").textContent);
  var strings = JSON.parse(doc.getElementById("moduletool-strings").textContent);
  var questions = course.questions;
  var pageCount = course.pages.length;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  /* ---- Saved state: 1|<fingerprint>|<page, base 36>|<visited, hex>|<answer>~<answer>... ---- */

  var ESCAPES = { "%": "%25", "~": "%7E", "|": "%7C" };
  var UNESCAPES = { "%25": "%", "%7E": "~", "%7C": "|" };

  function encodeAnswer(question, value) {
    if (value === null || value === undefined) return "";
    switch (question.kind) {
      case "single":
      case "likert": return value.toString(36);
      case "multiple": return value.map(function (index) { return index.toString(36); }).join("");
      case "true-false": return value ? "t" : "f";
      case "fill-in": return value.replace(/[%~|]/g, function (c) { return ESCAPES[c]; });
      default: return "";
    }
  }

  // The value an answer field stands for, or undefined when it cannot belong to `question`.
  function decodeAnswer(question, text) {
    if (text === "") return null;
    var options = question.options ? question.options.length : 0;
    switch (question.kind) {
      case "single":
      case "likert": {
        var index = /^[0-9a-z]$/.test(text) ? parseInt(text, 36) : -1;
        return index >= 0 && index < options ? index : undefined;
      }
      case "multiple": {
        var chosen = text.split("").map(function (c) { return parseInt(c, 36); });
        var sorted = chosen.every(function (index, i) {
          return index >= 0 && index < options && (i === 0 || index > chosen[i - 1]);
        });
        return /^[0-9a-z]+$/.test(text) && sorted ? chosen : undefined;
      }
      case "true-false":
        return text === "t" ? true : text === "f" ? false : undefined;
      case "fill-in": {
        if (/%(?!25|7E|7C)/.test(text)) return undefined;
        var typed = text.replace(/%(25|7E|7C)/g, function (m) { return UNESCAPES[m]; });
        return typed.length <= question.maxLength ? typed : undefined;
      }
      default: return undefined;
    }
  }

  function encodeVisited(visited) {
    var digits = [];
    for (var nibble = 0; nibble * 4 < pageCount; nibble++) {
      var value = 0;
      for (var bit = 0; bit < 4; bit++) {
        if (visited[nibble * 4 + bit]) value |= 1 << bit;
      }
      digits.unshift(value.toString(16));
    }
    return digits.join("");
  }

  function decodeVisited(text) {
    var width = Math.ceil(pageCount / 4);
    if (!/^[0-9a-f]*$/.test(text) || text.length !== width) return null;
    var visited = [];
    for (var page = 0; page < pageCount; page++) {
      var digit = parseInt(text.charAt(width - 1 - Math.floor(page / 4)), 16);
      visited.push(Boolean(digit & (1 << (page % 4))));
    }
    return visited;
  }

  function encodeState(s) {
    return [
      STATE_VERSION,
      s.fingerprint || course.fingerprint,
      s.page.toString(36),
      encodeVisited(s.visited),
      questions.map(function (q, i) { return encodeAnswer(q, s.answers[i]); }).join("~")
    ].join("|");
  }

  // {fingerprint, page, visited, answers}, or null when `text` is not a state of this format
  // for a module of this shape.
  function decodeState(text) {
    var parts = typeof text === "string" ? text.split("|") : [];
    if (parts.length !== 5 || parts[0] !== STATE_VERSION || !/^[0-9a-f]{8}$/.test(parts[1])) return null;
    var page = /^[0-9a-z]+$/.test(parts[2]) ? parseInt(parts[2], 36) : -1;
    var visited = decodeVisited(parts[3]);
    var fields = questions.length ? parts[4].split("~") : (parts[4] === "" ? [] : null);
    if (page < 0 || page >= pageCount || !visited || !fields || fields.length !== questions.length) return null;
    var answers = [];
    for (var i = 0; i < fields.length; i++) {
      var value = decodeAnswer(questions[i], fields[i]);
      if (value === undefined) return null;
      answers.push(value);
    }
    return { fingerprint: parts[1], page: page, visited: visited, answers: answers };
  }

  /* ---- Answers, score, completion ---- */

  function normalise(question, text) {
    var trimmed = String(text).trim().normalize("NFC");
    return question.caseSensitive ? trimmed : trimmed.toLowerCase();
  }

  // The response as the adapter records it: option ids, a boolean or the typed text.
  function response(question, value) {
    switch (question.kind) {
      case "single":
      case "likert": return [question.options[value]];
      case "multiple": return value.map(function (index) { return question.options[index]; });
      default: return value;
    }
  }

  function evaluate(question, value) {
    switch (question.kind) {
      case "likert": return "neutral";
      case "single": return question.correct.indexOf(question.options[value]) >= 0 ? "correct" : "wrong";
      case "multiple": {
        var chosen = response(question, value).slice().sort().join(" ");
        return chosen === question.correct.slice().sort().join(" ") ? "correct" : "wrong";
      }
      case "true-false": return value === question.correct[0] ? "correct" : "wrong";
      case "fill-in": {
        var typed = normalise(question, value);
        return question.correct.some(function (accepted) { return normalise(question, accepted) === typed; })
          ? "correct" : "wrong";
      }
      default: return "neutral";
    }
  }

  var state = { page: 0, visited: course.pages.map(function () { return false; }),
                answers: questions.map(function () { return null; }) };

  // Whole percents, and the pass mark applied to them: the one rule every LMS is told (SCORM 1.2
  // masteryscore, SCORM 2004 minNormalizedMeasure), so an LMS that judges by itself agrees.
  function percent(earned, possible) {
    return possible ? Math.round(100 * earned / possible) : 100;
  }

  function verdict(score) {
    return score >= course.completion.masteryPercent ? "passed" : "failed";
  }

  // Each module objective the questions assess, in reading order, judged by the module's rule
  // over those questions once all of them are answered.
  function objectiveProgress() {
    var byId = {};
    var order = [];
    questions.forEach(function (q, i) {
      (q.objectives || []).forEach(function (id) {
        if (!byId[id]) {
          byId[id] = { id: id, open: 0, graded: 0, possible: 0, earned: 0 };
          order.push(byId[id]);
        }
        var tally = byId[id];
        if (state.answers[i] === null) tally.open += 1;
        if (!q.graded) return;
        tally.graded += 1;
        tally.possible += q.points;
        if (state.answers[i] !== null && evaluate(q, state.answers[i]) === "correct") tally.earned += q.points;
      });
    });
    return order.map(function (tally) {
      var score = tally.graded && !tally.open ? percent(tally.earned, tally.possible) : null;
      var status = tally.open ? "incomplete" : score === null ? "completed" : verdict(score);
      return { id: tally.id, status: status, score: score };
    });
  }

  function progress() {
    var graded = questions.filter(function (q) { return q.graded; });
    var possible = 0, earned = 0, answered = 0;
    questions.forEach(function (q, i) {
      if (!q.graded) return;
      possible += q.points;
      if (state.answers[i] === null) return;
      answered += 1;
      if (evaluate(q, state.answers[i]) === "correct") earned += q.points;
    });
    var quizDone = answered === graded.length;
    var seen = state.visited.filter(Boolean).length;
    var pagesDone = seen === pageCount;
    var require = course.completion.require;
    var done = require === "all-pages" ? pagesDone : require === "quiz" ? quizDone : pagesDone && quizDone;
    var score = graded.length && quizDone ? percent(earned, possible) : null;
    var status = "incomplete";
    if (done) {
      status = score === null ? "completed" : verdict(score);
    }
    // The share of the rule's steps done (pages seen, graded questions answered): 1 exactly when done.
    var steps = require === "all-pages" ? [seen, pageCount] : require === "quiz" ? [answered, graded.length]
      : [seen + answered, pageCount + graded.length];
    return { status: status, score: score, progress: done ? 1 : steps[0] / steps[1],
             objectives: objectiveProgress() };
  }

  /* ---- The page ---- */

  var sections = course.pages.map(function (page) { return doc.getElementById("page-" + page.id); });
  var forms = questions.map(function (q) { return doc.getElementById("q-" + q.id); });
  var previousButton = doc.getElementById("previous");
  var nextButton = doc.getElementById("next");
  var exitButton = doc.getElementById("exit");
  var progressBar = doc.getElementById("progress");
  var progressText = doc.getElementById("progress-text");
  var announcer = doc.getElementById("announcer");
  var alertArea = doc.getElementById("lms-alert");
  var outcome = doc.getElementById("outcome");

  var adapter = (window.ModuletoolAdapters || {})[doc.documentElement.getAttribute("data-format")];
  var connected = false;
  var finished = false;
  var failing = false;
  var failures = 0;     // saves refused in a row
  var retryTimer = 0;
  var ready = false;  // the adapter has started (or failed to) and the saved state is restored

  function showAlert(text) {
    alertArea.textContent = text;
  }

  // The warning for "no-lms" or "error": an adapter may name its own string in `messages` (the
  // offline web version speaks of this device's storage, not of a learning platform).
  var DEFAULT_MESSAGES = { "no-lms": "no_lms", error: "lms_error" };

  function warn(kind) {
    var own = adapter && adapter.messages && adapter.messages[kind];
    showAlert(strings[own] || strings[DEFAULT_MESSAGES[kind]]);
  }

  function announce(text) {
    announcer.textContent = "";
    // A fresh text node after a tick, so that the same words are announced again.
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function save() {
    if (!connected || finished) return;
    var p = progress();
    // The score goes to the LMS only with success: an LMS that knows the mastery score (Moodle,
    // from the manifest) turns any raw score into passed/failed, even before every page is seen.
    var known = p.status === "passed" || p.status === "failed";
    var results = [
      adapter.setBookmark(course.pages[state.page].id),
      adapter.setState(encodeState(state)),
      adapter.setProgress({ status: p.status, score: known ? p.score : null, progress: p.progress,
                            objectives: p.objectives }),
      adapter.commit()
    ];
    whenSettled(results, report);
  }

  // Adapter calls answer true/false now, or later through a Promise (the xAPI adapters).
  function whenSettled(results, callback) {
    var later = results.some(function (result) { return result && typeof result.then === "function"; });
    if (!later) {
      callback(results.every(Boolean));
      return;
    }
    Promise.all(results).then(function (values) { callback(values.every(Boolean)); },
                              function () { callback(false); });
  }

  function report(ok) {
    if (!ok) {
      failing = true;
      warn("error");
      scheduleRetry();
    } else if (failing) {
      failing = false;
      failures = 0;
      showAlert(strings.lms_saved);
      setTimeout(function () { if (!failing) showAlert(""); }, 4000);
    }
  }

  // One retry at a time, later and later; a save that happens meanwhile (a change, the timer)
  // counts as the retry's success or failure just the same.
  function scheduleRetry() {
    if (retryTimer || finished) return;
    var delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
    failures += 1;
    retryTimer = setTimeout(function () {
      retryTimer = 0;
      save();
    }, delay);
  }

  function showPage(index, moveFocus) {
    state.page = index;
    state.visited[index] = true;
    sections.forEach(function (section, i) { section.hidden = i !== index; });
    var current = index + 1;
    progressBar.value = current;
    progressText.textContent = format(strings.page_of, { current: current, total: pageCount });
    previousButton.disabled = index === 0;
    nextButton.textContent = index === pageCount - 1 ? strings.finish : strings.next;
    nextButton.classList.toggle("is-last", index === pageCount - 1);  // Finish has no arrow
    outcome.textContent = "";
    if (moveFocus) {
      var title = sections[index].querySelector(".page-title");
      window.scrollTo(0, 0);
      title.focus({ preventScroll: true });
      announce(format(strings.page_changed, { current: current, total: pageCount, title: course.pages[index].title }));
    }
    save();
  }

  function showOutcome() {
    var p = progress();
    var lines = [];
    if (p.status === "incomplete") {
      lines.push(strings.not_finished);
    } else {
      if (p.score !== null) lines.push(format(strings.score, { score: p.score }));
      if (p.status === "passed") lines.push(strings.passed);
      else if (p.status === "failed") lines.push(format(strings.failed, { mastery: course.completion.masteryPercent }));
      else lines.push(strings.completed);
    }
    outcome.textContent = "";
    lines.forEach(function (line) {
      var paragraph = doc.createElement("p");
      paragraph.textContent = line;
      outcome.appendChild(paragraph);
    });
  }

  /* ---- Questions ---- */

  // The learner's answer as a state value, or null when nothing is chosen or typed.
  function readForm(question, form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    if (question.kind === "fill-in") {
      var typed = inputs[0].value.trim().slice(0, question.maxLength);
      return typed ? typed : null;
    }
    var checked = inputs.filter(function (input) { return input.checked; }).map(function (input) { return input.value; });
    if (!checked.length) return null;
    if (question.kind === "true-false") return checked[0] === "true";
    var indexes = checked.map(function (id) { return question.options.indexOf(id); }).sort(function (a, b) { return a - b; });
    return question.kind === "multiple" ? indexes : indexes[0];
  }

  // Show `value` in the form, locked, with its feedback.
  function lock(question, form, value, result) {
    var chosen = question.kind === "true-false" ? [String(value)]
      : question.kind === "fill-in" ? [] : response(question, value);
    var correct = question.kind === "true-false" ? [String(question.correct[0])] : (question.correct || []);
    Array.prototype.forEach.call(form.querySelectorAll("input"), function (input) {
      if (question.kind === "fill-in") input.value = value;
      else input.checked = chosen.indexOf(input.value) >= 0;
      input.disabled = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll(".option"), function (label) {
      var id = label.getAttribute("data-option");
      if (chosen.indexOf(id) < 0 || !question.graded) return;
      label.classList.add(correct.indexOf(id) >= 0 ? "is-correct" : "is-wrong");
    });
    form.classList.add("is-answered");
    form.setAttribute("data-result", result);
    form.querySelector(".check-button").setAttribute("aria-disabled", "true");
    form.querySelector(".feedback-required").hidden = true;
    Array.prototype.forEach.call(form.querySelectorAll(".feedback-verdict"), function (p) {
      p.hidden = p.getAttribute("data-result") !== result;
    });
    Array.prototype.forEach.call(form.querySelectorAll(".feedback-option"), function (p) {
      p.hidden = chosen.indexOf(p.getAttribute("data-option")) < 0;
    });
  }

  function onCheck(index, event) {
    event.preventDefault();
    var question = questions[index];
    var form = forms[index];
    if (!ready || state.answers[index] !== null) return;
    var value = readForm(question, form);
    if (value === null) {
      form.querySelector(".feedback-required").hidden = false;
      return;
    }
    var result = evaluate(question, value);
    state.answers[index] = value;
    lock(question, form, value, result);
    if (connected && !finished) {
      whenSettled([adapter.recordInteraction(question, response(question, value), result)], function (ok) {
        if (!ok) report(false);
      });
    }
    save();
  }

  /* ---- Start ---- */

  function pageIndex(id) {
    for (var i = 0; i < pageCount; i++) if (course.pages[i].id === id) return i;
    return -1;
  }

  // Where to resume when the module changed and the bookmarked page is gone: the page now at the
  // saved position (the one that followed it), else the first. Any junk gives the first page.
  function nearestPage(text) {
    var parts = typeof text === "string" ? text.split("|") : [];
    var saved = parts.length === 5 && /^[0-9a-z]{1,4}$/.test(parts[2]) ? parseInt(parts[2], 36) : 0;
    return Math.min(saved, pageCount - 1);
  }

  // End the session (pagehide, or the learner leaving); what the adapter's finish() answers.
  function end() {
    if (!connected || finished) return true;
    save();
    finished = true;
    return adapter.finish();
  }

  // The learner leaves through the exit the LMS asked for (cmi5 returnURL), once the session has ended.
  function leave(url) {
    var go = function () { window.location.assign(url); };
    Promise.resolve(end()).then(go, go);
  }

  // An adapter's start() answers at once or through a Promise (the xAPI adapters fetch a token and
  // documents first); questions wait for it, so no answer is taken before a saved state is restored.
  function start() {
    questions.forEach(function (question, i) {
      forms[i].addEventListener("submit", onCheck.bind(null, i));
    });
    var launch = adapter ? adapter.start() : { status: "no-lms", bookmark: "", state: "" };
    if (launch && typeof launch.then === "function") {
      launch.then(begin, function () { begin({ status: "error", bookmark: "", state: "" }); });
    } else {
      begin(launch);
    }
  }

  function begin(launch) {
    connected = launch.status === "ok";
    if (launch.status === "no-lms") warn("no-lms");
    else if (!connected) warn("error");

    var saved = launch.state ? decodeState(launch.state) : null;
    if (saved && saved.fingerprint === course.fingerprint) {
      state = { page: saved.page, visited: saved.visited, answers: saved.answers };
    } else if (launch.bookmark && pageIndex(launch.bookmark) >= 0) {
      state.page = pageIndex(launch.bookmark);
    } else {
      state.page = nearestPage(launch.state);
    }
    if (connected && typeof launch.mastery === "number") course.completion.masteryPercent = launch.mastery;
    if (launch.muted) {
      Array.prototype.forEach.call(doc.querySelectorAll("audio, video"), function (media) { media.muted = true; });
    }
    if (connected && launch.exitURL && exitButton) {
      exitButton.hidden = false;
      exitButton.addEventListener("click", function () { leave(launch.exitURL); });
    }
    questions.forEach(function (question, i) {
      if (state.answers[i] !== null) lock(question, forms[i], state.answers[i], evaluate(question, state.answers[i]));
    });
    ready = true;
    previousButton.addEventListener("click", function () {
      if (state.page > 0) showPage(state.page - 1, true);
    });
    nextButton.addEventListener("click", function () {
      if (state.page < pageCount - 1) showPage(state.page + 1, true);
      else { save(); showOutcome(); }
    });
    showPage(state.page, false);

    setInterval(save, SAVE_EVERY_MS);
    doc.addEventListener("visibilitychange", function () {
      if (doc.visibilityState === "hidden") save();
    });
    window.addEventListener("pagehide", end);
  }

  window.moduletool = {
    course: course,
    state: function () {
      var p = progress();
      return { page: state.page, visited: state.visited.slice(), answers: JSON.parse(JSON.stringify(state.answers)),
               status: p.status, score: p.score, connected: connected, finished: finished, ready: ready };
    },
    encodeState: encodeState,
    decodeState: decodeState
  };

  start();
})();
