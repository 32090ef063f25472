/* A minimal SCORM 1.2 LMS for the browser tests: scorm-again's Scorm12API as window.API
 * (nothing is posted: lmsCommitUrl false), every API call logged in window.lmsLog, and the
 * SCO opened in an iframe. Driven from Python through page.evaluate(). */
(function () {
  "use strict";

  var CALLS = ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"];

  window.lmsLog = [];

  // options: {cmi: data for API.loadFromJSON (a relaunch), fail: [names of calls that return "false"]}
  window.launch = function (options) {
    options = options || {};
    var api = new window.Scorm12API({
      lmsCommitUrl: false,
      autocommit: false,
      mastery_override: false,
      autoCompleteLessonStatus: false,
      logLevel: 5
    });
    if (options.cmi) api.loadFromJSON(options.cmi);
    window.lmsFail = options.fail || [];  // tests may change it while the SCO runs
    CALLS.forEach(function (name) {
      var original = api[name];
      api[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var result = window.lmsFail.indexOf(name) >= 0 ? "false" : original.apply(api, args);
        window.lmsLog.push({ call: name, args: args, result: String(result), error: String(api.LMSGetLastError()) });
        return result;
      };
    });
    window.API = api;
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
  };

  window.cmiData = function () {
    return JSON.parse(JSON.stringify(window.API.renderCMIToJSONObject()));
  };
})();
