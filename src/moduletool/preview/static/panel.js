/* moduletool preview: the outer page, playing the LMS (plain ES2017, no dependencies).
 *
 * The package runs in the iframe exactly as it would in an LMS frame. For SCORM, this window
 * holds the LMS-side API object (window.API for 1.2, window.API_1484_11 for 2004), which the
 * player finds by walking window.parent; the data model lives here, in memory, and is kept in
 * sessionStorage at Commit and Finish so that "Relaunch" hands it back (entry = resume after
 * exit = suspend), the way an LMS does. For cmi5 and xAPI the preview server is the LRS; this
 * page shows the statements it received. For the web format it shows the player's localStorage.
 *
 * Live reload: the server sends a `build` event after each save; the page then reads
 * /_preview/status and relaunches the module (resuming), or shows the problems instead.
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  /* ---------------------------------------------------------------- SCORM data model rules */

  function vocabulary(words) {
    return function (value) { return words.indexOf(value) >= 0 ? null : "type"; };
  }
  function maxLength(limit) {
    return function (value) { return value.length <= limit ? null : "type"; };
  }
  function decimal(min, max, allowEmpty) {
    return function (value) {
      if (value === "" && allowEmpty) return null;
      if (!/^-?\d+(\.\d+)?$/.test(value)) return "type";
      var number = parseFloat(value);
      return (min !== null && number < min) || (max !== null && number > max) ? "range" : null;
    };
  }
  var TIMESPAN_12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var DURATION_2004 = /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$/;
  function pattern(regex) {
    return function (value) { return regex.test(value) ? null : "type"; };
  }
  var STATUS_12 = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];

  // [element pattern, access (r, w, rw), check]. Anything not listed is not implemented (1.2: 401,
  // 2004: 401 undefined element).
  var RULES = {
    "1.2": [
      [/^cmi\.core\.(_children|student_id|student_name|credit|entry|total_time|lesson_mode)$/, "r"],
      [/^cmi\.core\.lesson_location$/, "rw", maxLength(255)],
      [/^cmi\.core\.lesson_status$/, "rw", vocabulary(STATUS_12.slice(0, 5))],
      [/^cmi\.core\.score\._children$/, "r"],
      [/^cmi\.core\.score\.(raw|min|max)$/, "rw", decimal(0, 100, true)],
      [/^cmi\.core\.exit$/, "w", vocabulary(["time-out", "suspend", "logout", ""])],
      [/^cmi\.core\.session_time$/, "w", pattern(TIMESPAN_12)],
      [/^cmi\.suspend_data$/, "rw", maxLength(4096)],
      [/^cmi\.(launch_data|comments_from_lms)$/, "r"],
      [/^cmi\.comments$/, "rw", maxLength(4096)],
      [/^cmi\.student_data\.(_children|mastery_score|max_time_allowed|time_limit_action)$/, "r"],
      [/^cmi\.student_preference\._children$/, "r"],
      [/^cmi\.student_preference\.(audio|language|speed|text)$/, "rw"],
      [/^cmi\.objectives\.(_children|_count)$/, "r"],
      [/^cmi\.objectives\.\d+\.id$/, "rw", maxLength(255)],
      [/^cmi\.objectives\.\d+\.score\._children$/, "r"],
      [/^cmi\.objectives\.\d+\.score\.(raw|min|max)$/, "rw", decimal(0, 100, true)],
      [/^cmi\.objectives\.\d+\.status$/, "rw", vocabulary(STATUS_12)],
      [/^cmi\.interactions\.(_children|_count)$/, "r"],
      [/^cmi\.interactions\.\d+\.(objectives|correct_responses)\._count$/, "r"],
      [/^cmi\.interactions\.\d+\.(id|time|type|weighting|student_response|result|latency)$/, "w", maxLength(4096)],
      [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, "w", maxLength(255)],
      [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, "w", maxLength(4096)]
    ],
    "2004": [
      [/^cmi\.(_version|learner_id|learner_name|credit|entry|total_time|mode|launch_data|completion_threshold|scaled_passing_score|max_time_allowed|time_limit_action)$/, "r"],
      [/^cmi\.location$/, "rw", maxLength(1000)],
      [/^cmi\.completion_status$/, "rw", vocabulary(["completed", "incomplete", "not attempted", "unknown"])],
      [/^cmi\.success_status$/, "rw", vocabulary(["passed", "failed", "unknown"])],
      [/^cmi\.score\._children$/, "r"],
      [/^cmi\.score\.scaled$/, "rw", decimal(-1, 1, false)],
      [/^cmi\.score\.(raw|min|max)$/, "rw", decimal(null, null, false)],
      [/^cmi\.progress_measure$/, "rw", decimal(0, 1, false)],
      [/^cmi\.exit$/, "w", vocabulary(["time-out", "suspend", "logout", "normal", ""])],
      [/^cmi\.session_time$/, "w", pattern(DURATION_2004)],
      [/^cmi\.suspend_data$/, "rw", maxLength(64000)],
      [/^cmi\.learner_preference\._children$/, "r"],
      [/^cmi\.learner_preference\.(audio_level|language|delivery_speed|audio_captioning)$/, "rw"],
      [/^cmi\.(objectives|interactions|comments_from_learner|comments_from_lms)\.(_children|_count)$/, "r"],
      [/^cmi\.objectives\.\d+\.(id|success_status|completion_status|progress_measure|description)$/, "rw", maxLength(4000)],
      [/^cmi\.objectives\.\d+\.score\._children$/, "r"],
      [/^cmi\.objectives\.\d+\.score\.(scaled|raw|min|max)$/, "rw", decimal(null, null, false)],
      [/^cmi\.interactions\.\d+\.(objectives|correct_responses)\._count$/, "r"],
      [/^cmi\.interactions\.\d+\.(id|type|timestamp|weighting|learner_response|result|latency|description)$/, "rw", maxLength(4000)],
      [/^cmi\.interactions\.\d+\.objectives\.\d+\.id$/, "rw", maxLength(4000)],
      [/^cmi\.interactions\.\d+\.correct_responses\.\d+\.pattern$/, "rw", maxLength(4000)],
      [/^cmi\.comments_from_learner\.\d+\.(comment|location|timestamp)$/, "rw", maxLength(4000)],
      [/^adl\.nav\.request$/, "rw"]
    ]
  };

  var CHILDREN = {
    "cmi.core._children": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score._children": "raw,min,max",
    "cmi.score._children": "scaled,raw,min,max",
    "cmi.objectives._children": "id,score,status",
    "cmi.interactions._children": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
    "cmi.student_data._children": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference._children": "audio,language,speed,text",
    "cmi.learner_preference._children": "audio_level,language,delivery_speed,audio_captioning"
  };

  // Error codes and what they mean, per version; `kind` → code maps the checks above.
  var ERRORS = {
    "1.2": { codes: { "0": "No error", "101": "General exception", "201": "Invalid argument error",
                      "301": "Not initialized", "401": "Not implemented error",
                      "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type" },
             kind: { notInitialized: "301", getNotInitialized: "301", setNotInitialized: "301",
                     commitNotInitialized: "301", terminated: "101", already: "101", unknown: "401",
                     readOnly: "403", writeOnly: "404", type: "405", range: "405", argument: "201", index: "201" } },
    "2004": { codes: { "0": "No error", "101": "General Exception", "103": "Already Initialized",
                       "104": "Content Instance Terminated", "112": "Termination Before Initialization",
                       "113": "Termination After Termination", "122": "Retrieve Data Before Initialization",
                       "123": "Retrieve Data After Termination", "132": "Store Data Before Initialization",
                       "133": "Store Data After Termination", "142": "Commit Before Initialization",
                       "143": "Commit After Termination", "201": "General Argument Error",
                       "351": "General Set Failure", "401": "Undefined Data Model Element",
                       "403": "Data Model Element Value Not Initialized", "404": "Data Model Element Is Read Only",
                       "405": "Data Model Element Is Write Only", "406": "Data Model Element Type Mismatch",
                       "407": "Data Model Element Value Out Of Range" },
              kind: { notInitialized: "112", getNotInitialized: "122", setNotInitialized: "132",
                      commitNotInitialized: "142", terminated: "113", already: "103", unknown: "401",
                      readOnly: "404", writeOnly: "405", type: "406", range: "407", argument: "201", index: "351" } }
  };

  function parseTime(text, version) {
    var m;
    if (version === "1.2") {
      m = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text || "");
      return m ? ((+m[1]) * 3600 + (+m[2]) * 60 + parseFloat(m[3])) * 1000 : 0;
    }
    m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || "");
    return m ? ((+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + parseFloat(m[4] || 0)) * 1000 : 0;
  }

  function formatTime(ms, version) {
    var seconds = Math.round(ms / 10) / 100;
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = (seconds % 60).toFixed(2);
    if (version === "2004") return "PT" + h + "H" + m + "M" + s + "S";
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (h < 10 ? "000" : h < 100 ? "00" : h < 1000 ? "0" : "") + h + ":" + two(m) + ":" + (s.length < 5 ? "0" : "") + s;
  }

  /* ---------------------------------------------------------------- the LMS-side API object */

  function ScormLms(version, storageKey, mastery, onChange) {
    this.version = version;
    this.storageKey = storageKey;
    this.mastery = mastery;
    this.onChange = onChange;
    this.calls = [];
    this.begin();
  }

  ScormLms.prototype.stored = function () {
    try { return JSON.parse(sessionStorage.getItem(this.storageKey) || "null"); } catch (e) { return null; }
  };

  // A new session (a launch): what the LMS kept from the previous one, and the LMS's own values.
  ScormLms.prototype.begin = function () {
    var kept = this.stored();
    var v12 = this.version === "1.2";
    var data = kept ? kept.data : {};
    var entry = !kept ? "ab-initio" : kept.exit === "suspend" ? "resume" : "";
    var own = v12 ? {
      "cmi.core.student_id": "preview", "cmi.core.student_name": "Learner, Preview", "cmi.core.credit": "credit",
      "cmi.core.lesson_mode": "normal", "cmi.core.entry": entry, "cmi.launch_data": "",
      "cmi.core.total_time": formatTime(kept ? kept.totalMs : 0, "1.2"),
      "cmi.student_data.mastery_score": this.mastery === null ? "" : String(this.mastery)
    } : {
      "cmi._version": "1.0", "cmi.learner_id": "preview", "cmi.learner_name": "Learner, Preview",
      "cmi.credit": "credit", "cmi.mode": "normal", "cmi.entry": entry, "cmi.launch_data": "",
      "cmi.total_time": formatTime(kept ? kept.totalMs : 0, "2004")
    };
    if (!v12 && this.mastery !== null) own["cmi.scaled_passing_score"] = String(this.mastery / 100);
    var defaults = v12 ? { "cmi.core.lesson_status": "not attempted", "cmi.core.lesson_location": "",
                           "cmi.suspend_data": "" }
                       : { "cmi.completion_status": "not attempted", "cmi.success_status": "unknown",
                           "cmi.location": "", "cmi.suspend_data": "" };
    this.data = Object.assign({}, defaults, data, own);
    this.writeOnly = {};
    this.totalMs = kept ? kept.totalMs : 0;
    this.state = "new";   // new → running → finished
    this.error = "0";
    this.onChange(null);
  };

  ScormLms.prototype.fail = function (kind) {
    this.error = ERRORS[this.version].kind[kind];
    return "false";
  };

  ScormLms.prototype.log = function (call, args, result) {
    this.calls.push({ call: call, args: args, result: result, error: this.error });
    if (this.calls.length > 200) this.calls.shift();
  };

  ScormLms.prototype.persist = function () {
    var exit = this.writeOnly[this.version === "1.2" ? "cmi.core.exit" : "cmi.exit"] || "";
    var session = this.writeOnly[this.version === "1.2" ? "cmi.core.session_time" : "cmi.session_time"];
    var total = this.totalMs + parseTime(session, this.version);
    var data = {};
    var self = this;
    Object.keys(this.data).forEach(function (key) {
      if (!/(_version|learner_id|learner_name|student_id|student_name|credit|entry|total_time|mode|launch_data|mastery_score|scaled_passing_score)$/.test(key)) {
        data[key] = self.data[key];
      }
    });
    Object.keys(this.writeOnly).forEach(function (key) { if (/^cmi\.interactions\./.test(key)) data[key] = self.writeOnly[key]; });
    sessionStorage.setItem(this.storageKey, JSON.stringify({ data: data, exit: exit, totalMs: total }));
    return total;
  };

  ScormLms.prototype.rule = function (element) {
    var rules = RULES[this.version];
    for (var i = 0; i < rules.length; i++) if (rules[i][0].test(element)) return rules[i];
    return null;
  };

  ScormLms.prototype.count = function (prefix) {
    var pattern = new RegExp("^" + prefix.replace(/\./g, "\\.") + "\\.(\\d+)\\.");
    var highest = -1;
    var all = Object.assign({}, this.data, this.writeOnly);
    Object.keys(all).forEach(function (key) {
      var m = pattern.exec(key);
      if (m) highest = Math.max(highest, +m[1]);
    });
    return highest + 1;
  };

  ScormLms.prototype.initialize = function (arg) {
    var result;
    if (arg !== "") result = this.fail("argument");
    else if (this.state === "running") result = this.fail("already");
    else if (this.state === "finished") result = this.fail(this.version === "1.2" ? "already" : "terminated");
    else { this.state = "running"; this.error = "0"; result = "true"; }
    this.log(this.version === "1.2" ? "LMSInitialize" : "Initialize", [arg], result);
    return result;
  };

  ScormLms.prototype.getValue = function (element) {
    var name = this.version === "1.2" ? "LMSGetValue" : "GetValue";
    var value = this._get(String(element));
    this.log(name, [element], value);
    return value;
  };

  ScormLms.prototype._get = function (element) {
    if (this.state === "new") { this.fail("getNotInitialized"); return ""; }
    if (this.state === "finished") { this.fail(this.version === "1.2" ? "getNotInitialized" : "terminated"); return ""; }
    var rule = this.rule(element);
    if (!rule) { this.fail("unknown"); return ""; }
    if (rule[1] === "w") { this.fail("writeOnly"); return ""; }
    this.error = "0";
    if (/\._children$/.test(element)) return CHILDREN[element] || "";
    if (/\._count$/.test(element)) return String(this.count(element.slice(0, -7)));
    if (element in this.data) return this.data[element];
    if (this.version === "2004" && !/^cmi\.(location|suspend_data)$/.test(element)) this.fail("notInitialized403");
    return "";
  };
  ERRORS["2004"].kind.notInitialized403 = "403";
  ERRORS["1.2"].kind.notInitialized403 = "0";

  ScormLms.prototype.setValue = function (element, value) {
    var name = this.version === "1.2" ? "LMSSetValue" : "SetValue";
    var result = this._set(String(element), String(value));
    this.log(name, [element, value], result);
    if (result === "true") this.onChange(element);
    return result;
  };

  ScormLms.prototype._set = function (element, value) {
    if (this.state === "new") return this.fail("setNotInitialized");
    if (this.state === "finished") return this.fail(this.version === "1.2" ? "setNotInitialized" : "storeAfter");
    var rule = this.rule(element);
    if (!rule) return this.fail("unknown");
    if (rule[1] === "r") return this.fail("readOnly");
    var index = /^(cmi\.(?:interactions|objectives|comments_from_learner))\.(\d+)\./.exec(element);
    if (index && +index[2] > this.count(index[1])) return this.fail("index");
    var problem = rule[2] ? rule[2](value) : null;
    if (problem) return this.fail(problem);
    if (rule[1] === "w") this.writeOnly[element] = value; else this.data[element] = value;
    this.error = "0";
    return "true";
  };
  ERRORS["2004"].kind.storeAfter = "133";

  ScormLms.prototype.commit = function (arg) {
    var result;
    if (arg !== "") result = this.fail("argument");
    else if (this.state === "new") result = this.fail("commitNotInitialized");
    else if (this.state === "finished") result = this.fail(this.version === "1.2" ? "commitNotInitialized" : "commitAfter");
    else { this.persist(); this.error = "0"; result = "true"; }
    this.log(this.version === "1.2" ? "LMSCommit" : "Commit", [arg], result);
    this.onChange(null);
    return result;
  };
  ERRORS["2004"].kind.commitAfter = "143";

  ScormLms.prototype.finish = function (arg) {
    var result;
    if (arg !== "") result = this.fail("argument");
    else if (this.state === "new") result = this.fail("notInitialized");
    else if (this.state === "finished") result = this.fail(this.version === "1.2" ? "notInitialized" : "terminated");
    else {
      this.totalMs = this.persist();
      this.state = "finished";
      this.error = "0";
      result = "true";
    }
    this.log(this.version === "1.2" ? "LMSFinish" : "Terminate", [arg], result);
    this.onChange(null);
    return result;
  };

  ScormLms.prototype.errorString = function (code) {
    return ERRORS[this.version].codes[String(code)] || "";
  };

  // The object the player finds, with the method names of its version.
  ScormLms.prototype.api = function () {
    var self = this;
    function last() { return self.error; }
    function text(code) { return self.errorString(code); }
    if (this.version === "1.2") {
      return { LMSInitialize: function (a) { return self.initialize(a); },
               LMSFinish: function (a) { return self.finish(a); },
               LMSGetValue: function (e) { return self.getValue(e); },
               LMSSetValue: function (e, v) { return self.setValue(e, v); },
               LMSCommit: function (a) { return self.commit(a); },
               LMSGetLastError: last, LMSGetErrorString: text, LMSGetDiagnostic: text };
    }
    return { Initialize: function (a) { return self.initialize(a); },
             Terminate: function (a) { return self.finish(a); },
             GetValue: function (e) { return self.getValue(e); },
             SetValue: function (e, v) { return self.setValue(e, v); },
             Commit: function (a) { return self.commit(a); },
             GetLastError: last, GetErrorString: text, GetDiagnostic: text };
  };

  /* ---------------------------------------------------------------- the panel */

  var status = null;
  var lms = null;
  var launching = Promise.resolve();
  var poller = 0;

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function naturalKey(key) {
    return key.replace(/\d+/g, function (n) { return ("00000" + n).slice(-6); });
  }

  function showMeter(length, limit) {
    var meter = $("state-meter");
    meter.max = limit || 1;
    meter.value = Math.min(length, limit || 1);
    meter.high = (limit || 1) * 0.8;
    var line = $("state-size");
    line.textContent = length + " of " + limit + " characters" +
      (status && status.worst_case_state ? " (this module can reach " + status.worst_case_state + ")" : "");
    line.className = length > limit ? "over" : "";
  }

  function renderScorm(changed) {
    if (!lms) return;
    var body = $("cmi").tBodies[0];
    var all = Object.assign({}, lms.data, lms.writeOnly);
    var keys = Object.keys(all).sort(function (a, b) { return naturalKey(a) < naturalKey(b) ? -1 : 1; });
    body.textContent = "";
    keys.forEach(function (key) {
      var row = document.createElement("tr");
      row.dataset.element = key;
      row.appendChild(text("td", key, "element"));
      row.appendChild(text("td", all[key], "value"));
      if (key === changed) row.className = "changed";
      body.appendChild(row);
    });
    var calls = $("calls");
    calls.textContent = "";
    lms.calls.slice(-40).reverse().forEach(function (c) {
      var line = c.call + "(" + c.args.map(function (a) { return JSON.stringify(String(a)).slice(0, 80); }).join(", ") +
        ") → " + JSON.stringify(c.result).slice(0, 60) + (c.error !== "0" ? "  error " + c.error + " " + lms.errorString(c.error) : "");
      calls.appendChild(text("li", line, c.error !== "0" ? "failed" : ""));
    });
    showMeter((all["cmi.suspend_data"] || "").length, status.state_limit);
  }

  function describeStatement(s) {
    var verb = s.verb && (s.verb.display && (s.verb.display["en-US"] || s.verb.display[Object.keys(s.verb.display)[0]]) || s.verb.id);
    var object = s.object && s.object.id ? s.object.id.replace(/^.*\/(courses|pages|questions|objectives)\//, "$1/") : "";
    var result = s.result || {};
    var parts = [];
    if (result.response !== undefined) parts.push("response " + result.response);
    if (result.success !== undefined) parts.push(result.success ? "success" : "no success");
    if (result.score && result.score.scaled !== undefined) parts.push("score " + result.score.scaled);
    if (result.completion) parts.push("completion");
    return verb + " " + object + (parts.length ? " — " + parts.join(", ") : "");
  }

  function renderLrs(data) {
    var list = $("statements");
    if (list.childElementCount !== data.statements.length) {
      list.textContent = "";
      data.statements.forEach(function (s) {
        var item = document.createElement("li");
        var details = document.createElement("details");
        details.appendChild(text("summary", describeStatement(s)));
        details.appendChild(text("pre", JSON.stringify(s, null, 2)));
        item.appendChild(details);
        list.appendChild(item);
      });
    }
    var saved = data.state["moduletool.state"] || "";
    showMeter(saved.length, status.state_limit);
  }

  function webKey() { return "moduletool:" + status.module + ":" + status.lang; }

  function poll() {
    if (!status || !status.ok) return;
    if (status.standard === "cmi5" || status.standard === "xapi") {
      fetch("/_preview/lrs", { cache: "no-store" }).then(function (r) { return r.json(); }).then(renderLrs, function () {});
    } else if (status.standard === "web") {
      var value = "";
      try { value = localStorage.getItem(webKey()) || ""; } catch (e) { value = ""; }
      $("web-key").textContent = webKey();
      $("web-state").textContent = value ? JSON.stringify(JSON.parse(value), null, 2) : "(nothing saved yet)";
      showMeter(value.length, status.state_limit);
    }
  }

  function showStatus() {
    $("target").textContent = status.module ? status.module + " · " + (status.lang || "?") + " · " + status.format : status.format;
    $("lms-title").textContent = { "1.2": "LMS: SCORM 1.2", "2004": "LMS: SCORM 2004", cmi5: "LMS: cmi5 (LRS on this server)",
                                    xapi: "LMS: xAPI / Tin Can (LRS on this server)", web: "Offline web (no LMS)" }[status.standard];
    $("build-status").textContent = (status.ok ? "Built" : "Not built") + " · update " + status.generation;
    var notes = $("notes");
    notes.textContent = "";
    status.notes.forEach(function (note) { notes.appendChild(text("li", note)); });
    status.diagnostics.filter(function (d) { return d.severity !== "error"; }).forEach(function (d) {
      notes.appendChild(text("li", d.text));
    });
    $("scorm").hidden = !(status.standard === "1.2" || status.standard === "2004");
    $("xapi").hidden = !(status.standard === "cmi5" || status.standard === "xapi");
    $("web").hidden = status.standard !== "web";
    var list = $("problem-list");
    list.textContent = "";
    status.diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      item.className = d.severity === "error" ? "error" : "warning";
      item.appendChild(text("code", d.text));
      if (d.hint) item.appendChild(text("span", "hint: " + d.hint, "hint"));
      list.appendChild(item);
    });
    $("problems").hidden = status.ok;
    $("sco").hidden = !status.ok;
  }

  function ensureLms() {
    if (status.standard !== "1.2" && status.standard !== "2004") return;
    var key = "moduletool-preview:" + status.module + ":" + status.lang + ":" + status.format;
    if (!lms || lms.storageKey !== key || lms.version !== status.standard) {
      lms = new ScormLms(status.standard, key, status.mastery_percent, renderScorm);
      window.API = window.API_1484_11 = undefined;
      if (status.standard === "1.2") window.API = lms.api(); else window.API_1484_11 = lms.api();
    }
  }

  // Leave the module the way a learner closing it would (pagehide: the player saves and finishes).
  function unload() {
    var frame = $("sco");
    if (!frame.getAttribute("src") || frame.getAttribute("src") === "about:blank") return Promise.resolve();
    return new Promise(function (resolve) {
      frame.addEventListener("load", function () { resolve(); }, { once: true });
      frame.src = "about:blank";
    });
  }

  function start() {
    return fetch("/_preview/launch", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (info) {
      if (lms) lms.begin();
      $("sco").src = info.url;
    });
  }

  function forget() {
    if (lms) sessionStorage.removeItem(lms.storageKey);
    if (status.standard === "web") { try { localStorage.removeItem(webKey()); } catch (e) { /* blocked */ } }
    return fetch("/_preview/reset", { method: "POST" });
  }

  function relaunch(fresh) {
    launching = launching.then(unload).then(function () {
      return fresh ? forget() : null;
    }).then(function () {
      if (status && status.ok) { ensureLms(); return start(); }
      return null;
    }).catch(function (error) { $("build-status").textContent = "Could not launch: " + error; });
    return launching;
  }

  function refresh() {
    return fetch("/_preview/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (next) {
      status = next;
      showStatus();
      if (!status.ok) return unload();
      ensureLms();
      renderScorm(null);
      return relaunch(false);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("reset").addEventListener("click", function () { relaunch(true); });
    $("relaunch").addEventListener("click", function () { relaunch(false); });
    var events = new EventSource("/_preview/events");
    events.addEventListener("build", function () { refresh(); });
    poller = setInterval(poll, 700);
    window.moduletoolPreview = { lms: function () { return lms; }, status: function () { return status; },
                                 poller: poller };
  });
})();
