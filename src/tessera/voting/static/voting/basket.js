// Progressive enhancement of the vote page's basket. Without JavaScript each button posts its
// form and the page comes back at the proposal acted on. With it, the same form is posted with
// fetch (same URL, same fields and CSRF token) and the server answers with the parts of the
// page that changed, rendered from the same template: the basket, its summary, the forms of
// the cards whose state changed, and a sentence for screen readers. The page does not reload,
// the voter keeps their place in a long list. The server judges every rule; this script only
// moves its HTML. On any failure of the request the form is posted the plain way.
(function () {
  "use strict";
  var announcer = document.getElementById("basket-announce");
  if (!announcer || !window.fetch || !window.URLSearchParams || !window.FormData) { return; }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-basket-form")) { return; }
    if (form.hasAttribute("data-plain")) { return; }  // the fallback: let the browser post it
    event.preventDefault();
    send(form, event.submitter || form.querySelector("[type=submit]"));
  });

  function send(form, button) {
    if (form.getAttribute("aria-busy") === "true") { return; }  // a double click posts once
    form.setAttribute("aria-busy", "true");
    var body = new URLSearchParams(new FormData(form));
    if (button && button.name) { body.append(button.name, button.value); }
    // getAttribute: the buttons are named "action", and form.action would be one of them.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "text/html" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("basket: " + response.status); }
      return response.text();
    }).then(function (html) {
      try {
        update(html, form, button);
      } catch (error) {
        // The server did apply the action: posting it again could apply it twice (up, down).
        window.location.reload();
      }
    }, function () {
      plainSubmit(form, button);
    });
  }

  function plainSubmit(form, button) {
    form.removeAttribute("aria-busy");
    form.setAttribute("data-plain", "");
    if (form.requestSubmit) {
      form.requestSubmit(button || undefined);
      return;
    }
    if (button && button.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      form.appendChild(field);
    }
    form.submit();
  }

  function update(html, form, button) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var parts = template.content;
    var proposal = form.getAttribute("data-proposal");
    var action = button ? button.value : "";
    var fromBasket = !form.hasAttribute("data-card-form");
    replace(document.getElementById("basket"), parts.querySelector("#basket"));
    replace(document.getElementById("basket-summary"), parts.querySelector("#basket-summary"));
    Array.prototype.forEach.call(parts.querySelectorAll("form[data-card-form]"), function (fresh) {
      var id = fresh.getAttribute("data-proposal");
      var card = document.getElementById("proposal-" + id);
      var old = card && card.querySelector("form[data-card-form]");
      if (!old) { return; }  // a card the filters do not show
      old.replaceWith(fresh);
      card.classList.toggle("chosen", fresh.hasAttribute("data-chosen"));
    });
    announce(parts.querySelector("[data-announce]"));
    focusAfter(fromBasket, proposal, action);
    // The address says where the voter is, as the plain form's redirect does: a reload or a
    // return to this page comes back here.
    var anchor = fromBasket ? "#basket" : "#proposal-" + proposal;
    history.replaceState(history.state, "", location.pathname + location.search + anchor);
  }

  function replace(current, fresh) {
    if (current && fresh) { current.replaceWith(fresh); }
  }

  function announce(source) {
    var text = source ? source.textContent.replace(/[ \t\r\n]+/g, " ").trim() : "";
    // Emptied first: the same sentence twice in a row is read twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function focusAfter(fromBasket, proposal, action) {
    var target = null;
    if (fromBasket && proposal) {
      // The same button on the moved line, else another of its buttons (now at the top).
      var line = document.querySelector("#basket form[data-proposal='" + proposal + "']");
      target = line && (line.querySelector("button[value='" + action + "']:not([disabled])") ||
        line.querySelector("button:not([disabled])"));
    } else if (proposal) {
      var card = document.getElementById("proposal-" + proposal);
      target = card && card.querySelector("form[data-card-form] button");
    }
    // The removed line, an emptied basket: the basket's title, at the top of what changed.
    target = target || document.getElementById("basket-title");
    if (target) { target.focus({ preventScroll: !fromBasket }); }
  }
})();
