/* moduletool: cmi5 adapter (plain ES2017; uses adapters/xapi-client.js, which keeps what it
 * shares with the xAPI adapter). The contract is in adapters/scorm12.js.
 *
 * The AU rules of the cmi5 spec (Quartz; ../shared/standards/PACKAGING_RULES.md §1.2):
 *   launch   the five query parameters (endpoint, fetch, actor, registration, activityId), in any
 *            order; one POST to `fetch` for the token, sent as `Authorization: Basic <token>`;
 *            then the State document LMS.LaunchData (read, never written) and the Agent Profile
 *            cmi5LearnerPreferences (audioPreference "off" mutes the media; the package has one
 *            language, so languagePreference cannot change it).
 *   verbs    "cmi5 defined" statements (initialized, completed, passed, failed, terminated) about
 *            the launch activityId, with the cmi5 category, the moveOn category when the result
 *            has success or completion, durations, the score and the masteryscore extension;
 *            "cmi5 allowed" ones (experienced a page, answered a question) about our own IRIs,
 *            without the cmi5 category. Every statement is built on the LMS's contextTemplate
 *            (session id, publisher id grouping) without overwriting it.
 *   order    initialized first, terminated last, by timestamp; completed and passed at most once
 *            per registration, no failed after passed: what was sent is kept in our own State
 *            document beside the saved state, so a relaunch knows it.
 *   modes    Normal records everything; Browse and Review send initialized and terminated only
 *            and never write the State document (a look around must not change the attempt).
 *   exit     with a returnURL the player shows Exit: terminated is sent, then the frame goes there.
 */
(function () {
  "use strict";

  var LAUNCH_PARAMETERS = ["endpoint", "fetch", "actor", "registration", "activityId"];
  var LAUNCH_DATA = "LMS.LaunchData";
  var PREFERENCES = "cmi5LearnerPreferences";
  var CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  var x = null;            // window.ModuletoolXapi
  var session = null;      // its Session, from start()
  var course = null;
  var launch = null;       // the launch parameters
  var launchData = null;   // LMS.LaunchData
  var masteryScore = null; // 0..1 from LMS.LaunchData, or null

  // The launch parameters, null when there are none (opened outside an LMS); throws when some
  // are missing or malformed.
  function launchParameters() {
    var params = new URLSearchParams(window.location.search);
    var present = LAUNCH_PARAMETERS.filter(function (name) { return params.has(name); });
    if (!present.length) return null;
    var missing = LAUNCH_PARAMETERS.filter(function (name) { return !params.get(name); });
    if (missing.length) throw new Error("launch parameters missing: " + missing.join(", "));
    var actor = JSON.parse(params.get("actor"));
    if (!actor || typeof actor !== "object") throw new Error("actor is not a JSON object");
    if (!UUID.test(params.get("registration"))) throw new Error("registration is not a UUID");
    return { endpoint: params.get("endpoint"), fetch: params.get("fetch"), actor: actor,
             registration: params.get("registration"), activityId: params.get("activityId") };
  }

  // One POST, never retried: the fetch URL hands out its token once.
  function fetchToken(url) {
    return fetch(url, { method: "POST", cache: "no-store" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (body && typeof body["auth-token"] === "string" && body["auth-token"]) return body["auth-token"];
      throw new Error("fetch refused: error-code " + (body && body["error-code"]) + " " + (body && body["error-text"]));
    });
  }

  function stateAt(stateId) {
    return { activityId: launch.activityId, agent: launch.actor, registration: launch.registration,
             stateId: stateId };
  }

  // A "cmi5 defined" statement about the AU (the launch activityId).
  function defined(verb, result, time, extensions) {
    var categories = [x.activityRef(CMI5_CATEGORY)];
    if (result && ("success" in result || "completion" in result)) categories.push(x.activityRef(MOVEON_CATEGORY));
    var ours = { registration: launch.registration, language: course.lang,
                 contextActivities: { category: categories } };
    if (extensions) ours.extensions = extensions;
    return x.statement(launch.actor, verb, x.activityRef(launch.activityId),
                       x.mergeContext(launchData.contextTemplate, ours), result, time);
  }

  // A "cmi5 allowed" statement about one of our own activities, inside the AU: no cmi5 category.
  function allowed(verb, object, result) {
    var ours = { registration: launch.registration, language: course.lang,
                 contextActivities: { parent: [x.activityRef(launch.activityId)] } };
    return x.statement(launch.actor, verb, object, x.mergeContext(launchData.contextTemplate, ours), result,
                       x.clock());
  }

  function outcome(verb, score) {
    var time = x.clock();
    var result = { duration: x.duration(time - session.startTime) };
    if (verb === "completed") {
      result.completion = true;
      return defined(verb, result, time, null);
    }
    result.success = verb === "passed";
    if (typeof score === "number") result.score = x.score(score);
    var extensions = null;
    if (masteryScore !== null) {
      extensions = {};
      extensions[MASTERY_SCORE] = masteryScore;
    }
    return defined(verb, result, time, extensions);
  }

  var statements = {
    inside: allowed,
    outcome: outcome,
    last: function (time, result) { return defined("terminated", result, time, null); }
  };

  function launched(preferences) {
    var result = { status: "ok", bookmark: session.progress.bookmark, state: session.progress.state,
                   muted: Boolean(preferences && preferences.audioPreference === "off") };
    // The pass mark in percent, exact to cmi5's four decimals (0.7 * 100 is not 70 in binary).
    if (masteryScore !== null) result.mastery = Math.round(masteryScore * 10000) / 100;
    if (typeof launchData.returnURL === "string" && launchData.returnURL) result.exitURL = launchData.returnURL;
    return result;
  }

  function connect(parameters) {
    launch = parameters;
    var client = new x.Client(launch.endpoint, "");
    var preferences = null;
    return fetchToken(launch.fetch).then(function (token) {
      client.authorization = "Basic " + token;
      return client.getDocument("activities/state", stateAt(LAUNCH_DATA));
    }).then(function (data) {
      if (!data || typeof data !== "object" || !data.contextTemplate || !data.launchMode) {
        throw new Error(LAUNCH_DATA + " is missing or incomplete");
      }
      launchData = data;
      var mastery = Number(data.masteryScore);
      masteryScore = data.masteryScore !== undefined && data.masteryScore !== null && mastery >= 0 && mastery <= 1
        ? mastery : null;
      session.records = data.launchMode === "Normal";
      return Promise.all([
        client.getDocument("agents/profile", { agent: launch.actor, profileId: PREFERENCES })
          .catch(function () { return null; }),
        client.getDocument("activities/state", stateAt(x.stateId))
      ]);
    }).then(function (found) {
      preferences = found[0];
      return session.open(client, stateAt(x.stateId), found[1], function (time) {
        return defined("initialized", null, time, null);
      }, "the LMS did not store `initialized`");
    }).then(function () {
      return launched(preferences);
    });
  }

  var adapter = {
    format: "cmi5",

    // The other methods are the session's (xapi-client.js), given to this object here.
    start: function () {
      x = window.ModuletoolXapi;
      session = new x.Session(adapter, statements);
      course = session.course;
      return session.start(launchParameters, connect);
    }
  };

  window.ModuletoolAdapters = window.ModuletoolAdapters || {};
  window.ModuletoolAdapters.cmi5 = adapter;
})();
