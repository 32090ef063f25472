/* A minimal LMS for the browser tests: scorm-again's Scorm12API as window.API or its
 * Scorm2004API as window.API_1484_11 (nothing is posted: lmsCommitUrl false), every API call
 * logged in window.lmsLog, and the SCO opened in an iframe. Driven from Python through
 * page.evaluate(). */
(function () {
  "use strict";

  var STANDARDS = {
    "1.2": {
      api: "Scorm12API",
      global: "API",
      calls: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"],
      lastError: "LMSGetLastError",
      settings: { mastery_override: false, autoCompleteLessonStatus: false }
    },
    "2004": {
      api: "Scorm2004API",
      global: "API_1484_11",
      calls: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"],
      lastError: "GetLastError",
      settings: {}
    }
  };

  window.lmsLog = [];

  // options: {standard: "1.2" (default) | "2004", cmi: data for API.loadFromJSON (what the LMS
  // hands over: a relaunch, the manifest's scaled_passing_score), fail: [names of calls that
  // return "false"], popup: open the SCO in a window of its own instead of a frame}
  window.launch = function (options) {
    options = options || {};
    var standard = STANDARDS[options.standard || "1.2"];
    var settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
    Object.keys(standard.settings).forEach(function (key) { settings[key] = standard.settings[key]; });
    var api = new window[standard.api](settings);
    if (options.cmi) api.loadFromJSON(options.cmi);
    window.lmsFail = options.fail || [];  // tests may change it while the SCO runs
    standard.calls.forEach(function (name) {
      var original = api[name];
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var result = window.lmsFail.indexOf(name) >= 0 ? "false" : original.apply(api, args);
        window.lmsLog.push({ call: name, args: args, result: String(result), error: String(api[standard.lastError]()) });
        return result;
      };
    });
    Object.keys(STANDARDS).forEach(function (key) { delete window[STANDARDS[key].global]; });
    window[standard.global] = api;
    window.lmsApi = api;
    if (options.popup) {
      window.scoWindow = window.open(options.url || "sco/index.html", "sco");
      return;
    }
    var frame = document.createElement("iframe");
    frame.name = "sco";
    frame.title = "Course";
    frame.width = options.width || 800;
    frame.height = options.height || 600;
    frame.src = options.url || "sco/index.html";
    document.getElementById("player").appendChild(frame);
  };

  // Close the SCO the way an LMS does when the learner leaves: the frame goes away.
  window.closeSco = function () {
    var frame = document.querySelector("iframe[name=sco]");
    if (frame) frame.remove();
    if (window.scoWindow) window.scoWindow.close();
    window.scoWindow = null;
  };

  window.cmiData = function () {
    return JSON.parse(JSON.stringify(window.lmsApi.renderCMIToJSONObject()));
  };
})();
