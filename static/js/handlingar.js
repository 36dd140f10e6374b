/*
 * Kallelse och handlingar – progressive enhancement only: the page works without this file
 * (it then reloads itself while the packet is built, through a <noscript> refresh).
 * While the status region says a build runs (data-pagar="1"), fetch the region again every
 * few seconds and put it in place; its aria-live="polite" announces the change. Stops when
 * the build is done, and on any error (the "Uppdatera sidan" link still works).
 */
(function () {
  "use strict";

  var INTERVALL = 3000;

  function uppdatera() {
    var region = document.querySelector("[data-paket-status]");
    if (!region || region.getAttribute("data-pagar") !== "1" || !window.fetch) {
      return;
    }
    window.setTimeout(function () {
      window.fetch(region.getAttribute("data-url"), { credentials: "same-origin" })
        .then(function (svar) {
          if (!svar.ok) { throw new Error(svar.status); }
          return svar.text();
        })
        .then(function (html) {
          var mall = document.createElement("template");
          mall.innerHTML = html.trim();
          var ny = mall.content.querySelector("[data-paket-status]");
          if (!ny) { return; }
          region.innerHTML = ny.innerHTML;
          region.setAttribute("data-pagar", ny.getAttribute("data-pagar"));
          if (ny.getAttribute("data-pagar") !== "1") {
            // Done: the button that was disabled while it ran comes back on the next load.
            document.querySelectorAll("button[aria-disabled='true']").forEach(function (knapp) {
              knapp.disabled = false;
              knapp.removeAttribute("aria-disabled");
            });
          }
          uppdatera();
        })
        .catch(function () {});
    }, INTERVALL);
  }

  uppdatera();
})();
