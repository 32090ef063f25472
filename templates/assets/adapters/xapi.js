/* moduletool: xAPI (Tin Can) adapter (plain ES2017; uses adapters/xapi-client.js, which keeps
 * what it shares with cmi5). The contract is in adapters/scorm12.js.
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

  var COURSE_TYPE = "http://adlnet.gov/expapi/activities/course";

  var x = null;         // window.ModuletoolXapi
  var session = null;   // its Session, from start()
  var course = null;
  var launch = null;

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

  // The context of every statement; `inside` adds the launched activity as parent.
  function context(inside) {
    var made = { language: course.lang };
    var activities = {};
    if (launch.registration) made.registration = launch.registration;
    if (launch.platform) made.platform = launch.platform;
    if (launch.grouping) activities.grouping = [x.activityRef(launch.grouping)];
    if (inside) activities.parent = [x.activityRef(launch.activityId)];
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
    var result = { completion: true, duration: x.duration(time - session.startTime) };
    if (verb !== "completed") {
      result.success = verb === "passed";
      if (typeof score === "number") result.score = x.score(score);
    }
    return about(verb, module(), result, false, time);
  }

  var statements = {
    inside: function (verb, object, result) { return about(verb, object, result, true); },
    outcome: outcome,
    last: function (time, result) {
      return about(session.status === "incomplete" ? "suspended" : "terminated", module(), result, false, time);
    }
  };

  function connect(parameters) {
    launch = parameters;
    var client = new x.Client(launch.endpoint, launch.authorization);
    var stateAt = { activityId: launch.activityId, agent: launch.actor, registration: launch.registration,
                    stateId: x.stateId };
    return client.getDocument("activities/state", stateAt).then(function (saved) {
      return session.open(client, stateAt, saved, function (time) {
        return about(session.progress.state ? "resumed" : "attempted", module(), null, false, time);
      }, "the LRS did not store the first statement");
    }).then(function () {
      return { status: "ok", bookmark: session.progress.bookmark, state: session.progress.state };
    });
  }

  var adapter = {
    format: "xapi",

    // The other methods are the session's (xapi-client.js), given to this object here.
    start: function () {
      x = window.ModuletoolXapi;
      session = new x.Session(adapter, statements);
      course = session.course;
      return session.start(launchParameters, connect);
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.xapi = adapter;
})();
