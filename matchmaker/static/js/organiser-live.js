/* Live view: refreshes the state of every table (held, waiting, no-show, free) every few seconds,
   without reloading the page. When the rounds shown change (a round ended), the page reloads. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root) { return; }
  var labels = JSON.parse(root.dataset.labels || "{}");
  function tileClass(t) {
    if (t.state !== "waiting") { return t.state === "no_show" ? "no_show no-show" : t.state; }
    return t.present === 2 ? "busy" : t.present === 1 ? "partial" : "waiting";
  }
  function refresh() {
    fetch(root.dataset.liveUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
      .then(function (data) {
        var caption = document.getElementById("live-caption");
        if (caption && data.caption) { caption.textContent = data.caption; }
        var grids = root.querySelectorAll(".live-grid");
        var shown = Array.prototype.map.call(grids, function (g) { return g.dataset.slot; }).join(",");
        var now = data.slots.map(function (s) { return s.slot; }).join(",");
        if (shown !== now) { window.location.reload(); return; }
        data.slots.forEach(function (slot, s) {
          slot.tables.forEach(function (t, index) {
            var tile = grids[s].children[index];
            if (!tile) { return; }
            tile.className = "live-table " + tileClass(t);
            tile.dataset.state = t.state;
            tile.querySelector(".live-state").textContent =
              (labels[t.state] || t.state) + (t.refill ? " · " + root.dataset.refillLabel : "");
            tile.querySelector(".live-people").textContent = t.people.join(" · ");
          });
        });
      })
      .catch(function () { /* keep the last state; try again */ })
      .then(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 5000);
})();
