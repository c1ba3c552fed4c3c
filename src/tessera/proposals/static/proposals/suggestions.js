// Progressive enhancement of the proposal form: while the title is typed, show the step's
// proposals that look similar (an HTML fragment rendered by the server). Without JavaScript
// the form works the same, without suggestions.
(function () {
  "use strict";
  var box = document.getElementById("title-suggestions");
  var title = document.getElementById("id_title");
  if (!box || !title || !window.fetch) { return; }
  var timer = null;
  var last = "";
  function update() {
    var text = title.value.trim();
    if (text === last) { return; }
    last = text;
    if (text.length < 4) { box.innerHTML = ""; return; }
    var url = box.getAttribute("data-url") + "?title=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (text === last) { box.innerHTML = html; } })
      .catch(function () { /* suggestions are a help: fail silently */ });
  }
  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  });
})();
