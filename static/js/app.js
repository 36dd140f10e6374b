/*
 * Remisshantering – progressive enhancement only. Every page works without this file.
 * 1. Moves focus to the error summary (.app-error-summary) if the page has one.
 * 2. Buttons with data-confirm="Question?" ask window.confirm() before the form is submitted.
 * 3. After htmx puts an answer in place: focus goes to the element the server marked with
 *    data-fokus (the next section's heading, the moved punkt's button), else to an error
 *    summary or conflict panel in the new part; an answer htmx cannot show (403, 404, 500,
 *    no network) is said in the page's live region (#meddelanden) instead of silently.
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
      event.stopImmediatePropagation();
    }
  }, true);

  function fokusera(element) {
    if (!element.hasAttribute("tabindex") && !element.matches("a, button, input, select, textarea")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var markerad = document.querySelector("[data-fokus]");
    if (markerad) {
      markerad.removeAttribute("data-fokus");
      fokusera(markerad);
      return;
    }
    var omrade = event.detail && event.detail.target;
    var fel = omrade && omrade.querySelector ? omrade.querySelector(".app-error-summary") : null;
    if (fel && !fel.contains(document.activeElement)) {
      fokusera(fel);
    }
  });

  var FEL = "Det gick inte att göra det just nu. Ladda om sidan och försök igen.";

  function visaFel() {
    var region = document.getElementById("meddelanden");
    if (!region || region.textContent.indexOf(FEL) !== -1) {
      return;
    }
    var banner = document.createElement("div");
    banner.className = "app-notification-banner app-notification-banner--error";
    banner.setAttribute("role", "alert");
    var rubrik = document.createElement("h2");
    rubrik.className = "app-notification-banner__title";
    rubrik.textContent = "Fel";
    var text = document.createElement("p");
    text.className = "app-notification-banner__heading";
    text.textContent = FEL;
    var huvud = document.createElement("div");
    huvud.className = "app-notification-banner__header";
    huvud.appendChild(rubrik);
    var innehall = document.createElement("div");
    innehall.className = "app-notification-banner__content";
    innehall.appendChild(text);
    banner.appendChild(huvud);
    banner.appendChild(innehall);
    region.replaceChildren(banner);
  }

  document.addEventListener("htmx:responseError", visaFel);
  document.addEventListener("htmx:sendError", visaFel);
})();
