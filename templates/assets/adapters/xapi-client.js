/* moduletool: the xAPI client shared by the cmi5 and xAPI adapters (plain ES2017, no dependencies).
 *
 * Registered as window.ModuletoolXapi. It ships only in cmi5 and xapi packages (render/theme.py,
 * SHARED_ADAPTER_PARTS); scripts run in file-name order, so the adapters look it up in start(),
 * never while loading.
 *
 * What is the same for both formats lives here:
 *   uuid()                   statement ids, UUID v4 from crypto.getRandomValues
 *   clock()                  milliseconds, strictly increasing, so that ordering statements by
 *                            `timestamp` is ordering them by what happened
 *   timestamp(ms)            ISO 8601 in UTC with milliseconds
 *   duration(ms)             ISO 8601 duration, to the hundredth of a second (xAPI's precision)
 *   Client                   the xAPI HTTP resources (statements, State, Agent Profile), version 1.0.3
 *   Outbox                   statements and the progress document, sent in order, retried, and on
 *                            leaving sent at once with fetch keepalive
 *   progressDocument(value)  the State document holding the saved state, bookmark and the
 *                            verbs already sent in this registration
 *   outcomeVerbs(...)        which of completed/passed/failed to send now, at most once each
 *   statement(...)           a statement with its id, actor, ADL verb and UTC timestamp
 *   pageActivity(...), questionActivity(...), answerResult(...)
 *                            the objects and result of `experienced` and `answered`, the same in
 *                            both formats (IRIs and correct responses come from the course data)
 *   mergeContext(...)        our context added to an LMS template without overwriting anything
 *   activityRef(id), score(percent)
 *                            an Activity by id alone; result.score from the module's percent
 *   stateId                  the id of our State document (its limit: packaging/xapi_common.py)
 *   Session                  one launch: the course, our State document, the outbox, the start
 *                            time, lastError; start() around the format's own launch, and the
 *                            contract methods both adapters implement alike (what is recorded
 *                            when, the saved-state limit), with the statements the format makes
 *                            (cmi5 defined/allowed, xAPI's context and verbs)
 */
(function () {
  "use strict";

  var XAPI_VERSION = "1.0.3";
  var STATE_ID = "moduletool.state";
  var STATE_MAX = 16000;  // packaging/xapi_common.py XAPI_STATE_LIMIT
  var REQUEST_TIMEOUT_MS = 20000;
  var RETRY_DELAYS_MS = [1000, 3000];  // a commit tries three times before it reports a failure
  var LIST_SEPARATOR = "[,]";
  var ADL_VERBS = "http://adlnet.gov/expapi/verbs/";
  var PAGE_TYPE = "http://activitystrea.ms/schema/1.0/page";
  var INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction";

  function uuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var lastTime = 0;
  function clock() {
    lastTime = Math.max(Date.now(), lastTime + 1);
    return lastTime;
  }

  function timestamp(ms) {
    return new Date(ms).toISOString();
  }

  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(cs / 360000);
    var minutes = Math.floor(cs / 6000) % 60;
    var seconds = ((cs % 6000) / 100).toFixed(2).replace(/\.?0+$/, "");
    return "PT" + (hours ? hours + "H" : "") + (minutes ? minutes + "M" : "") + seconds + "S";
  }

  function query(params) {
    var parts = Object.keys(params).filter(function (key) {
      return params[key] !== undefined && params[key] !== null && params[key] !== "";
    }).map(function (key) {
      var value = typeof params[key] === "string" ? params[key] : JSON.stringify(params[key]);
      return encodeURIComponent(key) + "=" + encodeURIComponent(value);
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function parseBody(text) {
    if (!text) return null;
    try { return JSON.parse(text); } catch (e) { return text; }
  }

  /* ---- The xAPI resources of one LRS endpoint ---- */

  function Client(endpoint, authorization) {
    this.base = String(endpoint).replace(/\/?$/, "/");
    this.authorization = authorization || "";
  }

  Client.prototype.send = function (method, resource, params, body, keepalive) {
    var headers = { "X-Experience-API-Version": XAPI_VERSION };
    if (this.authorization) headers.Authorization = this.authorization;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : 0;
    return fetch(this.base + resource + query(params || {}), {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: Boolean(keepalive),  // outlives the page: saves on pagehide and on exit reach the LRS
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  };

  // A document of the State or Agent Profile resource: its parsed value, or null when there is none (404).
  Client.prototype.getDocument = function (resource, params) {
    return this.send("GET", resource, params).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(resource + ": HTTP " + response.status);
      return response.text().then(parseBody);
    });
  };

  // Resolves to true when the LRS stored the document; 403 counts as a refusal, not a fault.
  Client.prototype.putDocument = function (resource, params, value, keepalive) {
    return this.send("PUT", resource, params, value, keepalive).then(function (response) {
      return response.ok;
    }, function () { return false; });
  };

  // Resolves to true when the LRS has the statements. 409 means it already holds these ids: our
  // statements never change once made, so the batch is there and sending it again cannot help.
  Client.prototype.postStatements = function (statements, keepalive) {
    return this.send("POST", "statements", null, statements, keepalive).then(function (response) {
      return response.ok || response.status === 409;
    }, function () { return false; });
  };

  /* ---- Sending in order, with retries, and at once when leaving ---- */

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // stateAt: the State resource parameters of the progress document; documentOf(): the document
  // to keep there now, or null for none (cmi5 Browse/Review never write).
  function Outbox(client, stateAt, documentOf) {
    this.client = client;
    this.stateAt = stateAt;
    this.documentOf = documentOf;
    this.queue = [];
    this.savedBody = null;  // the last document body handed to the LRS, to skip identical writes
    this.chain = Promise.resolve(true);
    this.closed = false;
  }

  Outbox.prototype.add = function (statement) {
    if (!this.closed) this.queue.push(statement);
  };

  Outbox.prototype.sendOnce = function () {
    var self = this;
    var batch = this.queue.splice(0, this.queue.length);
    var posted = batch.length ? this.client.postStatements(batch, true) : Promise.resolve(true);
    return posted.then(function (ok) {
      if (!ok) {
        self.queue = batch.concat(self.queue);
        return false;
      }
      // The document records which verbs were sent: written only once they are stored.
      var document = self.documentOf();
      var body = document ? JSON.stringify(document) : null;
      if (body === null || body === self.savedBody) return true;
      return self.client.putDocument("activities/state", self.stateAt, document, true).then(function (saved) {
        if (saved) self.savedBody = body;
        return saved;
      });
    });
  };

  Outbox.prototype.attempt = function (retry) {
    var self = this;
    if (this.closed) return Promise.resolve(true);
    return this.sendOnce().then(function (ok) {
      if (ok || retry >= RETRY_DELAYS_MS.length || self.closed) return ok;
      return wait(RETRY_DELAYS_MS[retry]).then(function () { return self.attempt(retry + 1); });
    });
  };

  // Send what is waiting, after any send still under way; resolves to false only after the retries.
  Outbox.prototype.commit = function () {
    var self = this;
    this.chain = this.chain.then(function () { return self.attempt(0); });
    return this.chain;
  };

  // The last send: starts now, in this event handler (pagehide, or the learner leaving), because a
  // page that is going away runs no more promise callbacks. Nothing is sent after it.
  Outbox.prototype.close = function () {
    this.closed = true;
    var sends = [];
    var batch = this.queue.splice(0, this.queue.length);
    if (batch.length) sends.push(this.client.postStatements(batch, true));
    var document = this.documentOf();
    if (document && JSON.stringify(document) !== this.savedBody) {
      sends.push(this.client.putDocument("activities/state", this.stateAt, document, true));
    }
    return Promise.all(sends).then(function (results) { return results.every(Boolean); });
  };

  /* ---- What both formats keep and decide alike ---- */

  // The progress document: {state, bookmark, sent: {completed, passed, failed}}; tolerant of junk.
  function progressDocument(value) {
    var doc = value && typeof value === "object" ? value : {};
    var sent = doc.sent && typeof doc.sent === "object" ? doc.sent : {};
    return {
      state: typeof doc.state === "string" ? doc.state : "",
      bookmark: typeof doc.bookmark === "string" ? doc.bookmark : "",
      sent: { completed: sent.completed === true, passed: sent.passed === true, failed: sent.failed === true }
    };
  }

  // The outcome verbs to send for `status` now, marking them in `sent`: completed and passed at
  // most once per registration, no failed after passed or after an earlier failed.
  function outcomeVerbs(status, sent) {
    var verbs = [];
    if (status !== "incomplete" && !sent.completed) {
      sent.completed = true;
      verbs.push("completed");
    }
    if (status === "passed" && !sent.passed) {
      sent.passed = true;
      verbs.push("passed");
    } else if (status === "failed" && !sent.passed && !sent.failed) {
      sent.failed = true;
      verbs.push("failed");
    }
    return verbs;
  }

  // A statement about `object` made now; `verb` is one of ADL's (initialized, answered, ...).
  function statement(actor, verb, object, context, result, time) {
    var made = {
      id: uuid(),
      actor: actor,
      verb: { id: ADL_VERBS + verb, display: { "en-US": verb } },
      object: object,
      context: context,
      timestamp: timestamp(time)
    };
    if (result) made.result = result;
    return made;
  }

  function activityRef(id) {
    return { objectType: "Activity", id: id };
  }

  function activity(id, type, name, lang) {
    var definition = { type: type };
    if (name) {
      definition.name = {};
      definition.name[lang] = name;
    }
    return { objectType: "Activity", id: id, definition: definition };
  }

  function pageActivity(page, lang) {
    return activity(page.iri, PAGE_TYPE, page.title, lang);
  }

  function questionActivity(question) {
    var object = activity(question.iri, INTERACTION_TYPE, "", "");
    object.definition.interactionType = question.interaction;
    if (question.correctResponsesPattern && question.correctResponsesPattern.length) {
      object.definition.correctResponsesPattern = question.correctResponsesPattern.slice();
    }
    return object;
  }

  // A statement's result.score from the module's score in percent.
  function score(percent) {
    return { scaled: percent / 100, raw: Math.round(percent), min: 0, max: 100 };
  }

  // The response in xAPI's interaction format: option ids joined by [,], true/false, or the text.
  function responseText(question, response) {
    switch (question.interaction) {
      case "true-false": return response ? "true" : "false";
      case "fill-in": return String(response);
      default: return response.join(LIST_SEPARATOR);
    }
  }

  // `answered`'s result: the response, and success unless the question has no right answer.
  function answerResult(question, response, result) {
    var made = { response: responseText(question, response) };
    if (result !== "neutral") made.success = result === "correct";
    return made;
  }

  // `template` with `ours` added: a key the template has keeps its value, lists gain our entries
  // (by id, once), objects merge the same way. cmi5 forbids overwriting the LMS's contextTemplate.
  function mergeContext(template, ours) {
    var result = JSON.parse(JSON.stringify(template || {}));
    Object.keys(ours).forEach(function (key) {
      var mine = ours[key];
      var theirs = result[key];
      if (theirs === undefined) {
        result[key] = mine;
      } else if (Array.isArray(theirs) && Array.isArray(mine)) {
        mine.forEach(function (item) {
          var known = theirs.some(function (t) { return t && item && t.id !== undefined && t.id === item.id; });
          if (!known) theirs.push(item);
        });
      } else if (theirs && typeof theirs === "object" && mine && typeof mine === "object" && !Array.isArray(mine)) {
        result[key] = mergeContext(theirs, mine);
      }
    });
    return result;
  }

  /* ---- One launch: what both adapters keep, and the contract methods they implement alike ---- */

  var CONTRACT = ["setBookmark", "setState", "setProgress", "recordInteraction", "commit", "finish"];

  // `statements` makes what differs between the formats:
  //   inside(verb, object, result)  experienced (a page) and answered (a question), about our own
  //                                 activities inside the launched one
  //   outcome(verb, score)          completed, passed or failed (outcomeVerbs), score in percent
  //   last(time, result)            the statement that ends the session, made at `time`, with
  //                                 result {duration}
  // The session serves `adapter` the rest of the contract (adapters/scorm12.js): lastError,
  // setBookmark, setState, setProgress, recordInteraction, commit and finish. The adapter makes its
  // session first thing in start(), since this file loads after the adapters; the player calls
  // nothing else before start().
  function Session(adapter, statements) {
    var self = this;
    this.statements = statements;
    this.course = JSON.parse(document.getElementById("moduletool-course").textContent);
    this.progress = null;        // our State document: {state, bookmark, sent}
    this.outbox = null;
    this.records = true;         // false: no statements between the first and the last, no State
                                 // document written (cmi5 Browse and Review)
    this.started = false;
    this.finished = false;
    this.startTime = 0;
    this.status = "incomplete";  // the module's status as setProgress last reported it
    this.seenPages = {};
    this.lastError = null;
    adapter.lastError = function () { return self.lastError; };
    CONTRACT.forEach(function (name) {
      adapter[name] = function () { return self[name].apply(self, arguments); };
    });
  }

  Session.prototype.fail = function (call, text) {
    this.lastError = { call: call, code: "", text: String(text) };
  };

  Session.prototype.active = function () {
    return this.started && !this.finished;
  };

  Session.prototype.recording = function () {
    return this.active() && this.records;
  };

  function notStarted(status) {
    return { status: status, bookmark: "", state: "" };
  }

  // The adapter's start(): parse() reads the launch parameters (null when there are none, the
  // module opened outside an LMS; throws when they are malformed), connect(launch) resolves to
  // start()'s answer once open() has sent the first statement. Any failure is an "error" start.
  Session.prototype.start = function (parse, connect) {
    var self = this;
    var launch;
    try {
      launch = parse();
    } catch (e) {
      this.fail("launch", e);
      return Promise.resolve(notStarted("error"));
    }
    if (!launch) return Promise.resolve(notStarted("no-lms"));
    return connect(launch).catch(function (e) {
      self.fail("start", e);
      self.started = false;
      return notStarted("error");
    });
  };

  // Once the LRS gave our State document (`found`, null for none, kept at `stateAt`): the outbox
  // and the first statement, first(startTime); rejects with `refused` when it is not stored.
  Session.prototype.open = function (client, stateAt, found, first, refused) {
    var self = this;
    this.progress = progressDocument(found);
    this.outbox = new Outbox(client, stateAt, function () { return self.records ? self.progress : null; });
    this.started = true;
    this.startTime = clock();
    this.outbox.add(first(this.startTime));
    return this.outbox.commit().then(function (ok) {
      if (!ok) throw new Error(refused);
    });
  };

  Session.prototype.pageById = function (id) {
    var pages = this.course.pages;
    for (var i = 0; i < pages.length; i++) if (pages[i].id === id) return pages[i];
    return null;
  };

  Session.prototype.setBookmark = function (pageId) {
    if (!this.recording()) return true;
    this.progress.bookmark = String(pageId);
    var page = this.pageById(pageId);
    if (page && !this.seenPages[page.id]) {
      this.seenPages[page.id] = true;
      this.outbox.add(this.statements.inside("experienced", pageActivity(page, this.course.lang), null));
    }
    return true;
  };

  Session.prototype.setState = function (text) {
    if (!this.recording()) return true;
    if (text.length > STATE_MAX) {
      this.fail("setState", "saved state longer than " + STATE_MAX);
      return false;
    }
    this.progress.state = text;
    return true;
  };

  Session.prototype.setProgress = function (p) {
    if (!this.recording()) return true;
    var self = this;
    this.status = p.status;
    outcomeVerbs(p.status, this.progress.sent).forEach(function (verb) {
      self.outbox.add(self.statements.outcome(verb, p.score));
    });
    return true;
  };

  Session.prototype.recordInteraction = function (question, response, result) {
    if (!this.recording()) return true;
    this.outbox.add(this.statements.inside("answered", questionActivity(question),
                                           answerResult(question, response, result)));
    return true;
  };

  Session.prototype.commit = function () {
    return !this.active() || this.outbox.commit();
  };

  Session.prototype.finish = function () {
    if (!this.active()) return true;
    this.finished = true;
    var time = clock();
    this.outbox.add(this.statements.last(time, { duration: duration(time - this.startTime) }));
    return this.outbox.close();
  };

  window.ModuletoolXapi = {
    version: XAPI_VERSION,
    uuid: uuid,
    clock: clock,
    timestamp: timestamp,
    duration: duration,
    Client: Client,
    Outbox: Outbox,
    progressDocument: progressDocument,
    outcomeVerbs: outcomeVerbs,
    statement: statement,
    activity: activity,
    pageActivity: pageActivity,
    questionActivity: questionActivity,
    answerResult: answerResult,
    mergeContext: mergeContext,
    activityRef: activityRef,
    score: score,
    stateId: STATE_ID,
    Session: Session
  };
})();
