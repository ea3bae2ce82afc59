/* Check-in: scan a badge with the camera where the browser decodes QR codes (BarcodeDetector).
   Handheld scanners need nothing: they type the code into the focused search field and press Enter. */
(function () {
  "use strict";
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var form = document.getElementById("checkin-search");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      (function look() {
        detector.detect(video).then(function (codes) {
          if (!codes.length) { window.setTimeout(look, 250); return; }
          stream.getTracks().forEach(function (track) { track.stop(); });
          form.querySelector("#q").value = codes[0].rawValue;
          form.submit();
        }).catch(function () { window.setTimeout(look, 500); });
      })();
    });
  });
})();
