/*
 * Remisshantering – progressive enhancement only. Every page works without this file.
 * 1. Moves focus to the error summary (.app-error-summary) if the page has one.
 * 2. Buttons with data-confirm="Question?" ask window.confirm() before the form is submitted.
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
