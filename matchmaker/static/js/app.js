// Light enhancements only: every page works without this file.
(function () {
  "use strict";

  // Ask before destructive actions (forms marked data-confirm). Without JS a checkbox or plain POST does.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // A page still waiting for background work reloads itself (data-autorefresh = seconds).
  var waiting = document.querySelector("[data-autorefresh]");
  if (waiting) {
    var seconds = parseInt(waiting.getAttribute("data-autorefresh"), 10) || 15;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }

  // On a narrow screen the tab bar scrolls sideways: bring the current tab into view.
  var currentTab = document.querySelector('.tabs [aria-current="page"]');
  if (currentTab && currentTab.scrollIntoView) {
    currentTab.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // Focus the error summary after a failed submit, so screen-reader and keyboard users land on it.
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }

  // Availability: a "whole day" switch above each day's slots.
  document.querySelectorAll("[data-slot-day]").forEach(function (day) {
    var boxes = day.querySelectorAll("input[type=checkbox]");
    var title = day.querySelector(".slot-day-title");
    if (!boxes.length || !title) { return; }
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "link-button day-toggle";
    var labels = day.closest("[data-all-label]");
    var allLabel = (labels && labels.getAttribute("data-all-label")) || "Whole day";
    var noneLabel = (labels && labels.getAttribute("data-none-label")) || "None";
    function refresh() {
      var allOn = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      toggle.textContent = allOn ? noneLabel : allLabel;
      toggle.setAttribute("data-all-on", allOn ? "1" : "0");
    }
    toggle.addEventListener("click", function () {
      var turnOn = toggle.getAttribute("data-all-on") !== "1";
      boxes.forEach(function (b) { b.checked = turnOn; });
      refresh();
    });
    boxes.forEach(function (b) { b.addEventListener("change", refresh); });
    title.appendChild(toggle);
    refresh();
  });
  // An address to copy (the calendar subscription): one tap selects all of it.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });

  // The offline copy of the personal pages (the service worker is static/js/me-sw.js).
  var OFFLINE_PREFIX = "matchmaker-me-";
  var OFFLINE_META = "/__matchmaker-offline-meta__";
  var OFFLINE_MAX_AGE_DAYS = 7;  // as MAX_AGE_DAYS in web/attendee/offline_views.py
  var OFFLINE_OFF_KEY = "matchmaker-offline-off";  // hashes of the links whose owner said "remove"

  function digest(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return (b < 16 ? "0" : "") + b.toString(16);
      }).join("").slice(0, 32);
    });
  }

  function turnedOff() {
    try { return JSON.parse(window.localStorage.getItem(OFFLINE_OFF_KEY) || "[]"); } catch (e) { return []; }
  }

  function setTurnedOff(id, off) {
    var ids = turnedOff().filter(function (x) { return x !== id; });
    if (off) { ids.push(id); }
    try { window.localStorage.setItem(OFFLINE_OFF_KEY, JSON.stringify(ids)); } catch (e) { /* private mode */ }
  }

  // Asks this link's worker to delete its copy, then unregisters it.
  function forgetCopy(registration) {
    if (!registration) { return Promise.resolve(); }
    var worker = registration.active || registration.waiting || registration.installing;
    var told = new Promise(function (resolve) {
      if (!worker) { resolve(); return; }
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      worker.postMessage({ type: "forget" }, [channel.port2]);
      window.setTimeout(resolve, 3000);
    });
    return told.then(function () { return registration.unregister(); });
  }

  // Deletes the copy of the link whose scope is given, whether or not its worker is still registered
  // (browsers may drop a worker whose script has gone): caches are named after a hash of the link.
  function forgetThisLink(scope) {
    function deleteCopies() {
      if (!window.caches) { return Promise.resolve(); }
      return digest(new URL(scope, window.location.href).href).then(function (id) {
        return caches.keys().then(function (names) {
          return Promise.all(names.filter(function (name) {
            return name.indexOf(OFFLINE_PREFIX) === 0 && name.slice(-id.length - 1) === "-" + id;
          }).map(function (name) { return caches.delete(name); }));
        });
      });
    }
    return navigator.serviceWorker.getRegistration(scope).then(forgetCopy).then(deleteCopies, deleteCopies)
      .catch(function () {});
  }

  // Copies not refreshed for a week are deleted from any page of the app, whoever they belong to.
  function sweepExpiredCopies() {
    if (!window.caches) { return; }
    caches.keys().then(function (names) {
      names.filter(function (name) { return name.indexOf(OFFLINE_PREFIX) === 0; }).forEach(function (name) {
        // A copy without its first entry (META) is still being made by its worker: left alone.
        caches.open(name).then(function (cache) { return cache.match(OFFLINE_META); }).then(function (meta) {
          return meta ? meta.json() : null;
        }).then(function (meta) {
          if (meta && Date.now() - meta.saved > OFFLINE_MAX_AGE_DAYS * 24 * 3600 * 1000) { caches.delete(name); }
        }).catch(function () {});
      });
    }).catch(function () {});
  }

  // A kept copy served without a connection: say how old it is, and reload once the network answers.
  function showSavedCopy(banner, ping) {
    var saved = new Date(banner.getAttribute("data-saved-at"));
    var when;
    try {
      when = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        timeZone: banner.getAttribute("data-timezone") || undefined, day: "numeric", month: "long",
        hour: "2-digit", minute: "2-digit" }).format(saved);
    } catch (e) { when = saved.toLocaleString(); }
    banner.textContent = banner.getAttribute("data-label").replace("{time}", when);
    banner.hidden = false;
    if (!ping) { return; }
    var retrying = false;
    function retry() {
      if (retrying) { return; }
      retrying = true;
      // Not kept by the worker, so this asks the server itself.
      fetch(ping, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
        if (response.ok) { window.location.reload(); }
      }).catch(function () {}).then(function () { retrying = false; });
    }
    window.addEventListener("online", retry);
    window.setInterval(retry, 15000);
  }

  function setUpOfflineCopy(tools) {
    var scope = tools.getAttribute("data-scope");
    var kept = tools.querySelector("[data-offline-kept]");
    var removed = tools.querySelector("[data-offline-removed]");
    function show(isKept) { kept.hidden = !isKept; removed.hidden = isKept; tools.hidden = false; }
    function register() {
      return navigator.serviceWorker.register(tools.getAttribute("data-worker"), { scope: scope })
        .then(function () { show(true); }).catch(function () { tools.hidden = true; });
    }
    digest(new URL(scope, window.location.href).href).then(function (id) {
      if (turnedOff().indexOf(id) >= 0) { show(false); } else { register(); }
      tools.querySelector("[data-offline-remove]").addEventListener("click", function () {
        setTurnedOff(id, true);
        show(false);
        forgetThisLink(scope);
      });
      tools.querySelector("[data-offline-keep]").addEventListener("click", function () {
        setTurnedOff(id, false);
        register();
      });
    });
  }

  // Refill offers: an answer is a POST that the server checks (the offer still open, the partner and the
  // table still free), so a kept copy opened offline, or a page whose connection went, offers no answer
  // buttons, and shows an offer whose time is up as expired. Back online, the kept copy reloads itself
  // (showSavedCopy) and the server's page says what became of each offer: taken, expired or still open.
  function setUpOffers(savedCopy) {
    var cards = document.querySelectorAll('[data-offer-state="open"]');
    if (!cards.length) { return; }
    function refresh() {
      var offline = savedCopy || !navigator.onLine;
      var now = new Date();
      cards.forEach(function (card) {
        var expired = offline && new Date(card.getAttribute("data-expires-at")) <= now;
        var open = card.querySelector("[data-offer-open]");
        var expiredNote = card.querySelector("[data-offer-expired]");
        var offlineNote = card.querySelector("[data-offer-offline]");
        var answers = card.querySelector("[data-offer-answers]");
        if (open) { open.hidden = expired; }
        if (expiredNote) { expiredNote.hidden = !expired; }
        if (offlineNote) { offlineNote.hidden = expired || !offline; }
        if (answers) {
          answers.hidden = offline;
          answers.querySelectorAll("button").forEach(function (button) { button.disabled = offline; });
        }
      });
    }
    document.addEventListener("submit", function (event) {
      if (event.target.closest && event.target.closest("[data-offer-answers]") && (savedCopy || !navigator.onLine)) {
        event.preventDefault();
      }
    });
    refresh();
    window.addEventListener("online", refresh);
    window.addEventListener("offline", refresh);
    window.setInterval(refresh, 5000);
  }

  var offlineTools = document.querySelector("[data-offline-tools]");
  var offlineBanner = document.querySelector("[data-offline-banner]");
  var savedCopy = Boolean(offlineBanner && offlineBanner.getAttribute("data-saved-at"));
  if (savedCopy) {
    showSavedCopy(offlineBanner, offlineTools && offlineTools.getAttribute("data-ping"));
  }
  setUpOffers(savedCopy);
  if ("serviceWorker" in navigator && window.isSecureContext && window.crypto && crypto.subtle) {
    if (offlineTools) { setUpOfflineCopy(offlineTools); }
    // A deleted profile or a link that no longer works leaves nothing on the phone.
    var gone = document.querySelector("[data-offline-forget]");
    if (gone) { forgetThisLink(gone.getAttribute("data-offline-forget")); }
  }
  sweepExpiredCopies();
})();
