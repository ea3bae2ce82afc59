/* Kiosk board: polls the board's JSON (ETag), updates the DOM in place, pages long lists, counts down
   to the next round, and keeps the last board with a discreet notice when the server can't be reached. */
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.url;
  var etag = body.dataset.etag || "";
  var pollMs = (parseInt(body.dataset.poll, 10) || 10) * 1000;
  var PAGE_MS = 12000;
  var FIND_CLOSE_MS = 45000;
  // Server time minus local time: the countdown follows the server even on a screen with a drifting clock.
  var skew = Date.parse(body.dataset.serverTime) - Date.now() || 0;
  var nextStart = body.dataset.nextStart ? Date.parse(body.dataset.nextStart) : null;
  var currentEnd = body.dataset.currentEnd ? Date.parse(body.dataset.currentEnd) : null;
  var firstStart = body.dataset.firstStart ? Date.parse(body.dataset.firstStart) : null;
  // A countdown only for the last hour; further ahead (before the event, overnight, a long break) the
  // board says the day and time, as at the venue: "4019:26:11" tells nobody anything.
  var COUNTDOWN_SECONDS = 3600;
  var lastGood = new Date();
  var page = 0;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function role(name, root) { return $('[data-role="' + name + '"]', root); }
  function now() { return Date.now() + skew; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // Times as at the venue, whatever zone the screen's computer is set to.
  var venueTime = (function () {
    try {
      return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false,
                                                timeZone: body.dataset.timezone });
    } catch (e) { return null; }
  })();
  function hhmm(date) { return venueTime ? venueTime.format(date) : pad(date.getHours()) + ":" + pad(date.getMinutes()); }
  var language = document.documentElement.lang || "en";
  var venueDay = (function () {
    try {
      return new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, {
        weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hour12: false,
        timeZone: body.dataset.timezone });
    } catch (e) { return null; }
  })();
  function dayAndTime(date) { return venueDay ? venueDay.format(date) : date.toLocaleString(); }
  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }

  function person(p) {
    var span = text("span", "person", p.name);
    if (p.company) { span.appendChild(document.createTextNode(" ")); span.appendChild(text("span", "company", "(" + p.company + ")")); }
    return span;
  }

  function meetingItem(m) {
    var li = document.createElement("li");
    li.className = "meeting";
    li.appendChild(text("span", "table", m.table));
    var pair = text("span", "pair", "");
    pair.appendChild(person(m.a));
    pair.appendChild(document.createTextNode(" "));
    pair.appendChild(text("span", "with", body.dataset.labelWith));
    pair.appendChild(document.createTextNode(" "));
    pair.appendChild(person(m.b));
    li.appendChild(pair);
    return li;
  }

  function renderRound(kind, round) {
    var section = $('[data-round="' + kind + '"]');
    var list = role("meetings", section);
    var fragment = document.createDocumentFragment();
    (round ? round.meetings : []).forEach(function (m) { fragment.appendChild(meetingItem(m)); });
    role("time", section).textContent = round ? round.label : "";
    list.replaceChildren(fragment);  // one swap: no blank frame between old and new rows
    var empty = role("empty", section);
    empty.hidden = Boolean(round && round.meetings.length);
    // A round without meetings (a break, or one the schedule left empty) is not the end of the day.
    empty.textContent = round ? body.dataset.labelNoMeetingsInRound
      : kind === "current" ? body.dataset.labelNoCurrent : body.dataset.labelNoNext;
  }

  function named(p) { return p.company ? p.name + " (" + p.company + ")" : p.name; }

  function renderOffers(offers) {
    var section = role("offers-section");
    if (!section) { return; }
    var fragment = document.createDocumentFragment();
    (offers || []).forEach(function (o) {
      var line = body.dataset.labelOffer.replace("{table}", o.table).replace("{time}", o.time)
        .replace("{first}", named(o.a)).replace("{second}", named(o.b));
      fragment.appendChild(text("li", "offer", line));
    });
    role("offers", section).replaceChildren(fragment);
    section.hidden = !(offers && offers.length);
  }

  function apply(data) {
    renderRound("current", data.current);
    renderRound("next", data.next);
    renderOffers(data.offers);
    nextStart = data.next ? Date.parse(data.next.start) : null;
    if (data.event && data.event.first_start) { firstStart = Date.parse(data.event.first_start); }
    currentEnd = data.current ? Date.parse(data.current.end) : null;
    page = 0;
    paginate();
  }

  function setOffline(offline) {
    var notice = role("offline");
    if (offline) {
      notice.textContent = body.dataset.labelOffline.replace("{time}", hhmm(lastGood));
    }
    notice.hidden = !offline;
    body.classList.toggle("is-offline", offline);
  }

  function poll() {
    var headers = etag ? { "If-None-Match": '"' + etag + '"' } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        // The link was revoked or the event is gone: no board to keep; the page says what to do.
        if (response.status === 404) { window.location.reload(); return new Promise(function () {}); }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        var server = response.headers.get("X-Server-Time");
        if (server) { skew = Date.parse(server) - Date.now(); }
        etag = (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
        return response.json();
      })
      .then(function (data) {
        if (data) { apply(data); }
        lastGood = new Date();
        setOffline(false);
      })
      .catch(function () { setOffline(true); })  // keep the last board; try again next time
      .then(function () { window.setTimeout(poll, pollMs); });
  }

  // Long lists: show what fits, page through the rest.
  function paginate() {
    ["current", "next"].forEach(function (kind) {
      var section = $('[data-round="' + kind + '"]');
      var list = role("meetings", section);
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (li) { li.hidden = false; });
      if (!items.length) { role("pages", section).textContent = ""; return; }
      var available = list.clientHeight;
      var perPage = Math.max(1, Math.floor(available / (items[0].offsetHeight || 1)));
      var pages = Math.ceil(items.length / perPage);
      var current = page % pages;
      items.forEach(function (li, index) { li.hidden = Math.floor(index / perPage) !== current; });
      role("pages", section).textContent = pages > 1 ?
        body.dataset.labelPage.replace("{page}", current + 1).replace("{pages}", pages) : "";
    });
  }

  function tick() {
    var t = now();
    role("clock").textContent = hhmm(new Date(t));
    var target = null;
    var label = "";
    if (currentEnd && currentEnd > t) { target = currentEnd; label = body.dataset.labelEnds; }
    if (nextStart && nextStart > t && (!target || nextStart <= target)) { target = nextStart; label = body.dataset.labelStarts; }
    var value = "--:--";
    var isDate = false;
    if (target) {
      var seconds = Math.max(0, Math.round((target - t) / 1000));
      if (target === nextStart && seconds >= COUNTDOWN_SECONDS) {
        label = firstStart && nextStart <= firstStart ? body.dataset.labelFirst : body.dataset.labelNextAt;
        value = dayAndTime(new Date(nextStart));
        isDate = true;
      } else {
        value = seconds >= 3600 ? Math.floor(seconds / 3600) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60)
          : pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
      }
      if (seconds === 0) { etag = ""; }  // the round changes now: fetch the new board at once
    }
    var countdown = role("countdown");
    countdown.textContent = value;
    countdown.classList.toggle("is-date", isDate);
    role("countdown-label").textContent = label;
  }

  // "Find my meetings": by name, or a badge code typed by a handheld scanner (they type + Enter).
  var closeTimer = null;
  function showResults(data) {
    var box = role("find-results");
    var list = role("find-list");
    var fragment = document.createDocumentFragment();
    if (!data.results.length) { fragment.appendChild(text("p", "find-empty", body.dataset.labelNoneFound)); }
    data.results.forEach(function (result) {
      var card = text("section", "find-person", "");
      card.appendChild(text("h3", "", result.person.name + (result.person.company ? " (" + result.person.company + ")" : "")));
      if (!result.meetings.length) { card.appendChild(text("p", "", body.dataset.labelNoMeetings)); }
      var ol = document.createElement("ol");
      result.meetings.forEach(function (m) {
        var li = document.createElement("li");
        li.appendChild(text("span", "find-time", m.time));
        li.appendChild(text("span", "table", m.table));
        li.appendChild(person(m["with"]));
        ol.appendChild(li);
      });
      card.appendChild(ol);
      fragment.appendChild(card);
    });
    list.replaceChildren(fragment);
    box.hidden = false;
    // Keyboard and screen-reader users land in the results (focus order, WCAG 2.4.3); Escape closes.
    role("find-close").focus();
    window.clearTimeout(closeTimer);
    closeTimer = window.setTimeout(closeResults, FIND_CLOSE_MS);
  }
  function closeResults() {
    var box = role("find-results");
    var hadFocus = !box.hidden && box.contains(document.activeElement);
    box.hidden = true;
    role("find-list").replaceChildren();
    var input = $("#find-input");
    input.value = "";
    stopScan();
    if (hadFocus) { input.focus(); }  // back where the visitor was
  }
  function find(query) {
    if (!query) { return; }
    fetch(body.dataset.findUrl + "?q=" + encodeURIComponent(query), { cache: "no-store" })
      // A refused query (400) is an answer from a reachable server: nobody found, not "offline".
      .then(function (r) { if (r.status === 400) { return { results: [] }; } if (!r.ok) { throw new Error(); } return r.json(); })
      .then(showResults)
      .catch(function () { setOffline(true); });
  }
  role("find-form").addEventListener("submit", function (e) { e.preventDefault(); find($("#find-input").value.trim()); });
  role("find-close").addEventListener("click", closeResults);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !role("find-results").hidden) { closeResults(); }
  });

  // Camera scanning where the browser can decode QR codes itself (BarcodeDetector); otherwise hidden.
  var stream = null;
  function stopScan() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); stream = null; }
    role("scan-video").hidden = true;
  }
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    var scan = role("scan");
    scan.hidden = false;
    scan.addEventListener("click", function () {
      var video = role("scan-video");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        role("find-results").hidden = false;
        video.play();
        (function look() {
          if (!stream) { return; }
          detector.detect(video).then(function (codes) {
            if (codes.length) { stopScan(); find(codes[0].rawValue); } else { window.setTimeout(look, 300); }
          }).catch(function () { window.setTimeout(look, 500); });
        })();
      }).catch(stopScan);
    });
  }

  paginate();
  tick();
  window.setInterval(tick, 1000);
  window.setInterval(function () { page += 1; paginate(); }, PAGE_MS);
  window.addEventListener("resize", paginate);
  window.setTimeout(poll, pollMs);
})();
