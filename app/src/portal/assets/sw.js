// The member pages' service worker: the card page is fetched from the network
// and a copy kept, so that a phone without a connection still shows the last
// balances (the page says "as of"). Member codes are never cached.
"use strict";
var PAGES = "my-pages";
var FILES = "my-files-v1";
var FILE_PATHS = ["/my/app.css", "/my/app.js", "/my/icon.svg", "/my/icon-192.png", "/my/manifest.webmanifest"];
self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(FILES).then(function (c) {
    return c.addAll(FILE_PATHS);
  }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== PAGES && k !== FILES; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === "/my/") {
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      caches.open(PAGES).then(function (c) {
        // Only the card page is kept; a sign-in page means nobody is signed in.
        if (response.ok && response.headers.get("x-member-page") === "card") {
          return c.put("/my/", copy);
        }
        return c.delete("/my/");
      });
      return response;
    }).catch(function () {
      return caches.open(PAGES).then(function (c) { return c.match("/my/"); })
        .then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (FILE_PATHS.indexOf(url.pathname) >= 0) {
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      if (response.ok) { caches.open(FILES).then(function (c) { return c.put(request, copy); }); }
      return response;
    }).catch(function () { return caches.match(request); }));
  }
});
