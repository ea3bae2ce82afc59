/* Live view: refreshes which tables are busy every few seconds, without reloading the page. */
(function () {
  "use strict";
  var grid = document.querySelector("[data-live-url]");
  if (!grid) { return; }
  function refresh() {
    fetch(grid.dataset.liveUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
      .then(function (data) {
        var caption = document.getElementById("live-caption");
        if (caption && data.caption) { caption.textContent = data.caption; }
        data.tables.forEach(function (t, index) {
          var tile = grid.children[index];
          if (!tile) { return; }
          var state = !t.busy ? "free" : t.present === 2 ? "busy" : t.present === 1 ? "partial" : "waiting";
          tile.className = "live-table " + state;
          tile.querySelector(".live-people").textContent = t.busy ? t.people.join(" · ") : grid.dataset.freeLabel;
        });
      })
      .catch(function () { /* keep the last state; try again */ })
      .then(function () { window.setTimeout(refresh, 5000); });
  }
  window.setTimeout(refresh, 5000);
})();
