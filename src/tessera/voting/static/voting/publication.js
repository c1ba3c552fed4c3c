// While the publication runs, reload its page every few seconds (the server says when it is
// over: the reloaded page no longer carries this script).
(function () {
  "use strict";
  var state = document.getElementById("publication-state");
  if (state && state.dataset.running === "true") {
    window.setTimeout(function () { window.location.reload(); }, 3000);
  }
})();
