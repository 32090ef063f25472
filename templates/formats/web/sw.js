/* moduletool offline service worker (plain ES2017, no dependencies).
 *
 * `moduletool build` puts "use strict" (a directive counts only first) and
 * `var PRECACHE = {version, files}` above this text (packaging/web.py): every file of the
 * package but this one, and a hash of all their bytes. Installing caches them
 * all, so the module then runs with no network at all. A rebuilt package with any change has a
 * new hash, hence a new sw.js: the browser installs it, it caches the new files under a new name,
 * takes over at once (the saved progress checks the module's structure itself) and deletes the
 * caches of earlier versions of this package (same scope) -- never those of other modules served
 * from the same origin.
 */

var SCOPE = self.registration.scope; // the package's folder, e.g. https://example.org/modules/job-search/
var PREFIX = "moduletool " + SCOPE + " ";
var CACHE = PREFIX + PRECACHE.version;
var INDEX = new URL("index.html", SCOPE).href;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // "reload": from the server, never from an HTTP cache that may still hold the previous version.
    return cache.addAll(PRECACHE.files.map(function (path) { return new Request(path, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names
      .filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function withoutQuery(address) {
  var url = new URL(address);
  url.search = "";
  url.hash = "";
  return url.href;
}

// Safari asks for audio and video in byte ranges and plays nothing if given the whole file.
function partial(response, header) {
  var range = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!range || (range[1] === "" && range[2] === "")) return response;
  return response.arrayBuffer().then(function (body) {
    var size = body.byteLength;
    var start = range[1] === "" ? Math.max(size - Number(range[2]), 0) : Number(range[1]);
    var end = range[1] === "" || range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
    if (start > end) {
      return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
    }
    return new Response(body.slice(start, end + 1), {
      status: 206,
      statusText: "Partial Content",
      headers: {
        "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
        "Content-Range": "bytes " + start + "-" + end + "/" + size,
        "Content-Length": String(end - start + 1),
        "Accept-Ranges": "bytes"
      }
    });
  });
}

function answer(request, key) {
  return caches.open(CACHE)
    .then(function (cache) { return cache.match(key); })
    .then(function (hit) {
      if (!hit) return fetch(request); // evicted, or not part of the package: try the network
      var range = request.headers.get("range");
      return range ? partial(hit, range) : hit;
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var address = withoutQuery(request.url);
  if (address.indexOf(SCOPE) !== 0) return; // another site or another folder: not ours to answer
  event.respondWith(answer(request, address === SCOPE ? INDEX : address));
});
