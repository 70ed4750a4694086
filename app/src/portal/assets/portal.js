// The member's card page: the member code changes every 30 seconds; when the
// phone is offline the page says so and keeps the last balances it showed.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/my/sw.js", { scope: "/my/" }).catch(function () {});
  }
  var body = document.body;
  function offline(on) { body.classList.toggle("offline", on); }
  window.addEventListener("offline", function () { offline(true); });
  window.addEventListener("online", function () { offline(false); refresh(); });
  document.querySelectorAll("form[data-forget]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (window.caches) { caches.delete("my-pages"); }
    });
  });
  var box = document.getElementById("member-code");
  if (!box) { if (!navigator.onLine) { offline(true); } return; }
  var qr = document.getElementById("code-qr");
  var bar = document.getElementById("code-bar");
  var text = document.getElementById("code-text");
  var secs = document.getElementById("code-seconds");
  var left = Number(box.dataset.left) || 30;
  var busy = false;
  function refresh() {
    if (busy) { return; }
    busy = true;
    fetch("/my/code?card=" + encodeURIComponent(box.dataset.card), { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 401) { location.reload(); throw new Error("signed out"); }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (c) {
        qr.innerHTML = c.qr;
        bar.innerHTML = c.bar;
        text.textContent = c.code;
        left = c.left;
        secs.textContent = String(left);
        offline(false);
      })
      .catch(function () { if (!navigator.onLine) { offline(true); } })
      .then(function () { busy = false; });
  }
  // A page from the phone's cache (offline, or the back button) shows an old code.
  var shownAt = Number(box.dataset.at) || 0;
  if (!navigator.onLine) { offline(true); }
  else if (Date.now() - shownAt > 5000) { refresh(); }
  window.addEventListener("pageshow", function (e) { if (e.persisted) { refresh(); } });
  setInterval(function () {
    left -= 1;
    if (left <= 0) { left = 30; refresh(); }
    secs.textContent = String(Math.max(left, 0));
  }, 1000);
})();
