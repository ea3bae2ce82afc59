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
})();
