/* Live progress of schedule runs: polls each active run's status and moves its progress bar. */
(function () {
  "use strict";
  var POLL_MS = 700;
  function watch(row) {
    var url = row.dataset.statusUrl;
    var bar = row.querySelector("progress");
    var percent = row.querySelector('[data-role="percent"]');
    var status = row.querySelector('[data-role="status"]');
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
        .then(function (run) {
          bar.value = run.progress;
          percent.textContent = Math.round(run.progress * 100) + "%";
          status.textContent = run.status_label || run.status;
          status.className = "status status-" + run.status;
          if (run.status === "queued" || run.status === "running") { window.setTimeout(poll, POLL_MS); return; }
          // Finished: reload once so the row shows its final actions (draft link, retry, error).
          window.setTimeout(function () { window.location.reload(); }, 600);
        })
        .catch(function () { window.setTimeout(poll, POLL_MS * 3); });
    }
    poll();
  }
  Array.prototype.forEach.call(document.querySelectorAll("tr[data-status-url]"), watch);
})();
