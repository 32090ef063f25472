/* moduletool: xAPI (Tin Can) adapter (plain ES2017, no dependencies). The contract is in adapters/scorm12.js.
 *
 * Launch the way Rustici's "Incorporating a TinCan LRS into an LMS" describes it
 * (../shared/standards/tincan/lms_lrs.md): everything comes from the query string, nothing from
 * the package (no LRS credential is ever built into one):
 *   endpoint            the LRS; without it the module runs without tracking ("no-lms")
 *   auth                the Authorization header value (a bare token is taken as Basic)
 *   actor               the learner, a JSON Agent (Tin Can 0.9's arrays are accepted)
 *   registration        optional; kept in every statement's context and keys the saved progress
 *   activity_id         optional; the launched activity (default: the IRI in tincan.xml)
 *   grouping            optional; added to every statement's contextActivities.grouping
 *   activity_platform   optional; context.platform
 *
 * Statements (ADL verbs): attempted on a first launch, resumed when progress was saved before;
 * experienced for each page seen in the session; answered for each question, with the response
 * in xAPI's interaction format and success; completed once the completion rule is met;
 * passed/failed with the score once the quiz is judged; at the end suspended (not done yet) or
 * terminated, with the session's duration. Completed and passed go out once per registration
 * (no failed after passed), known across launches from the State document `moduletool.state`,
 * which also holds the bookmark and the saved state.
 */
(function () {
  "use strict";

  var STATE_ID = "moduletool.state";
  var STATE_MAX = 16000;  // packaging/xapi_common.py XAPI_STATE_LIMIT
  var COURSE_TYPE = "http://adlnet.gov/expapi/activities/course";

  var x = null;         // window.ModuletoolXapi
  var course = null;
  var launch = null;
  var progress = null;  // our State document: {state, bookmark, sent}
  var outbox = null;
  var started = false;
  var finished = false;
  var startTime = 0;
  var status = "incomplete";
  var seenPages = {};
  var lastError = null;

  function fail(call, text) {
    lastError = { call: call, code: "", text: String(text) };
  }

  function first(value) {
    return Array.isArray(value) ? value[0] : value;
  }

  // An xAPI 1.0 Agent from a launch actor, also in Tin Can 0.9's form ({"mbox": ["mailto:..."],
  // "account": [{"accountServiceHomePage": ..., "accountName": ...}]}) that older LMSs still send.
  function normaliseActor(actor) {
    if (!actor || typeof actor !== "object") throw new Error("actor is not a JSON object");
    var agent = { objectType: "Agent" };
    if (actor.name !== undefined) agent.name = String(first(actor.name));
    ["mbox", "mbox_sha1sum", "openid"].forEach(function (key) {
      if (actor[key] !== undefined) agent[key] = String(first(actor[key]));
    });
    var account = first(actor.account);
    if (account) {
      agent.account = { homePage: account.homePage || account.accountServiceHomePage,
                        name: account.name || account.accountName };
    }
    if (!agent.mbox && !agent.mbox_sha1sum && !agent.openid && !agent.account) {
      throw new Error("actor has no identifier (mbox, mbox_sha1sum, openid or account)");
    }
    return agent;
  }

  // The launch parameters, null without an endpoint (opened outside an LMS); throws when malformed.
  function launchParameters() {
    var params = new URLSearchParams(window.location.search);
    if (!params.get("endpoint")) return null;
    var auth = params.get("auth") || "";
    return {
      endpoint: params.get("endpoint"),
      authorization: auth && !/\s/.test(auth) ? "Basic " + auth : auth,
      actor: normaliseActor(JSON.parse(params.get("actor") || "null")),
      registration: params.get("registration") || "",
      activityId: params.get("activity_id") || course.iri,
      grouping: params.get("grouping") || "",
      platform: params.get("activity_platform") || ""
    };
  }

  function activityRef(id) {
    return { objectType: "Activity", id: id };
  }

  // The context of every statement; `inside` adds the launched activity as parent.
  function context(inside) {
    var made = { language: course.lang };
    var activities = {};
    if (launch.registration) made.registration = launch.registration;
    if (launch.platform) made.platform = launch.platform;
    if (launch.grouping) activities.grouping = [activityRef(launch.grouping)];
    if (inside) activities.parent = [activityRef(launch.activityId)];
    if (Object.keys(activities).length) made.contextActivities = activities;
    return made;
  }

  function about(verb, object, result, inside, time) {
    return x.statement(launch.actor, verb, object, context(inside), result, time || x.clock());
  }

  function module() {
    return x.activity(launch.activityId, COURSE_TYPE, course.title, course.lang);
  }

  function outcome(verb, score) {
    var time = x.clock();
    var result = { completion: true, duration: x.duration(time - startTime) };
    if (verb !== "completed") {
      result.success = verb === "passed";
      if (typeof score === "number") result.score = { scaled: score / 100, raw: Math.round(score), min: 0, max: 100 };
    }
    return about(verb, module(), result, false, time);
  }

  function active() {
    return started && !finished;
  }

  function pageById(id) {
    for (var i = 0; i < course.pages.length; i++) if (course.pages[i].id === id) return course.pages[i];
    return null;
  }

  var adapter = {
    format: "xapi",

    lastError: function () { return lastError; },

    start: function () {
      x = window.ModuletoolXapi;
      course = JSON.parse(document.getElementById("moduletool-course").textContent);
      try {
        launch = launchParameters();
      } catch (e) {
        fail("launch", e);
        return Promise.resolve({ status: "error", bookmark: "", state: "" });
      }
      if (!launch) return Promise.resolve({ status: "no-lms", bookmark: "", state: "" });
      var client = new x.Client(launch.endpoint, launch.authorization);
      var stateAt = { activityId: launch.activityId, agent: launch.actor, registration: launch.registration,
                      stateId: STATE_ID };
      return client.getDocument("activities/state", stateAt).then(function (found) {
        progress = x.progressDocument(found);
        outbox = new x.Outbox(client, stateAt, function () { return progress; });
        started = true;
        startTime = x.clock();
        outbox.add(about(progress.state ? "resumed" : "attempted", module(), null, false, startTime));
        return outbox.commit();
      }).then(function (ok) {
        if (!ok) throw new Error("the LRS did not store the first statement");
        return { status: "ok", bookmark: progress.bookmark, state: progress.state };
      }).catch(function (e) {
        fail("start", e);
        started = false;
        return { status: "error", bookmark: "", state: "" };
      });
    },

    setBookmark: function (pageId) {
      if (!active()) return true;
      progress.bookmark = String(pageId);
      var page = pageById(pageId);
      if (page && !seenPages[page.id]) {
        seenPages[page.id] = true;
        outbox.add(about("experienced", x.pageActivity(page, course.lang), null, true));
      }
      return true;
    },

    setState: function (text) {
      if (!active()) return true;
      if (text.length > STATE_MAX) {
        fail("setState", "saved state longer than " + STATE_MAX);
        return false;
      }
      progress.state = text;
      return true;
    },

    setProgress: function (p) {
      if (!active()) return true;
      status = p.status;
      x.outcomeVerbs(p.status, progress.sent).forEach(function (verb) {
        outbox.add(outcome(verb, p.score));
      });
      return true;
    },

    recordInteraction: function (question, response, result) {
      if (!active()) return true;
      outbox.add(about("answered", x.questionActivity(question), x.answerResult(question, response, result), true));
      return true;
    },

    commit: function () {
      if (!active()) return true;
      return outbox.commit();
    },

    finish: function () {
      if (!active()) return true;
      finished = true;
      var time = x.clock();
      outbox.add(about(status === "incomplete" ? "suspended" : "terminated", module(),
                       { duration: x.duration(time - startTime) }, false, time));
      return outbox.close();
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.xapi = adapter;
})();
