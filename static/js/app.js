/*
 * Remisshantering – progressiv förbättring. Sidan fungerar fullt ut utan detta skript.
 * 1. Flyttar fokus till felsammanfattningen (.app-error-summary) om den finns.
 * 2. Knappar med data-confirm="Fråga?" kräver bekräftelse (window.confirm) innan formuläret skickas.
 */
(function () {
  "use strict";

  var summary = document.querySelector(".app-error-summary");
  if (summary && document.activeElement !== summary) {
    if (!summary.hasAttribute("tabindex")) {
      summary.setAttribute("tabindex", "-1");
    }
    summary.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest("button[data-confirm], input[type='submit'][data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
