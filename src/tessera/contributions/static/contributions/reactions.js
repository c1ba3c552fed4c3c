// Progressive enhancement of reaction buttons (a support, agree / disagree…). Without
// JavaScript the form posts and the server sends the page back at the same place. With it, the
// same form is posted with fetch (same URL, fields and CSRF token) and the server answers with
// the reaction section alone, rendered from the same template; it replaces the old one, the
// focus stays on its button and the new count is read to screen readers. On any failure of
// the request, the form is posted the plain way. The server judges every rule.
(function () {
  "use strict";
  var announcer = document.getElementById("reaction-announce");
  if (!announcer || !window.fetch || !window.URLSearchParams || !window.FormData) { return; }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reaction-form")) { return; }
    if (form.hasAttribute("data-plain")) { return; }
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") { return; }  // a double click posts once
    form.setAttribute("aria-busy", "true");
    var section = form.closest("[data-reaction-section]");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "text/html" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("reaction: " + response.status); }
      return response.text();
    }).then(function (html) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      var fresh = template.content.querySelector("[data-reaction-section]");
      if (!fresh || !section) { window.location.reload(); return; }
      section.replaceWith(fresh);
      var button = fresh.querySelector("button");
      if (button) { button.focus(); }
      var status = fresh.querySelector("[data-reaction-status]");
      announcer.textContent = status ? status.textContent : "";
    }, function () {
      form.removeAttribute("aria-busy");
      form.setAttribute("data-plain", "");
      form.submit();
    });
  });
})();
