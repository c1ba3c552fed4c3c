// Beside each colour typed as #rrggbb, the browser's colour picker: both stay in step.
// Without scripts the typed field works alone; a field left empty keeps following (the
// picker then shows the colour it follows, from the placeholder, until one is picked).
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;
  document.querySelectorAll("input[data-color-input]").forEach(function (text) {
    var picker = document.createElement("input");
    picker.type = "color";
    picker.className = "color-picker";
    var label = document.querySelector('label[for="' + text.id + '"]');
    picker.setAttribute("aria-label", (text.dataset.pickerLabel || "") + " " + (label ? label.textContent.trim() : ""));
    var shown = function () { return HEX.test(text.value) ? text.value : text.placeholder; };
    if (HEX.test(shown())) { picker.value = shown().toLowerCase(); }
    picker.addEventListener("input", function () { text.value = picker.value; });
    text.addEventListener("change", function () { if (HEX.test(shown())) { picker.value = shown().toLowerCase(); } });
    text.insertAdjacentElement("afterend", picker);
  });
})();
