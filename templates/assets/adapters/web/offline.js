/* moduletool: makes the offline web version work offline (plain ES2017, no dependencies).
 *
 * Registers sw.js (packaging/web.py), which caches every file of the package. Only over http(s):
 * browsers allow service workers nowhere else, and a module opened from file:// is on the device
 * already. The worker's scope is the package's folder (where sw.js sits), so modules side by side
 * on one host never answer for each other. A refusal (plain http on another host than localhost,
 * storage blocked) only means no offline copy; the module itself is unaffected.
 */
(function () {
  "use strict";

  if (location.protocol !== "http:" && location.protocol !== "https:") return;
  if (!("serviceWorker" in navigator)) return;

  window.addEventListener("load", function () {
    navigator.serviceWorker.register("sw.js").catch(function (error) {
      if (window.console) window.console.warn("moduletool: no offline copy:", error);
    });
  });
})();
