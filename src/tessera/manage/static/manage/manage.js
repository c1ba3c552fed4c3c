// The back office's menu becomes a button on narrow screens. Without this script the menu is
// simply always shown (the pages work without JavaScript).
(function () {
  const nav = document.querySelector("[data-manage-nav]");
  if (!nav) return;
  const button = nav.querySelector(".manage-menu-button");
  nav.classList.add("manage-nav-collapsible");
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("manage-nav-open", !open);
  });
})();
