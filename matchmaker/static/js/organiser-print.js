/* Printables: the print button (no inline handlers). */
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
