// The header's menu button: below 768 px the links fold behind it (site.css). Without this
// script the button stays hidden and the links are listed under the site's name.
(function () {
  function setUp() {
    const header = document.querySelector(".site-header");
    const button = header && header.querySelector(".menu-button");
    if (!button) return;
    header.classList.add("menu-collapsible");
    button.hidden = false;
    function toggle(open) {
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("menu-open", open);
    }
    button.addEventListener("click", function () {
      toggle(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        toggle(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
