// The shield: an abusive message stays blurred until the person presses "Open". The button posts (htmx) to the
// server, which counts the opening against the person's daily exposure budget; only when it answers yes is the text
// revealed. No inline script: the CSP forbids it.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var button = event.detail && event.detail.elt;
    if (!button || !button.classList || !button.classList.contains("shield-open")) return;
    if (!event.detail.successful) {
      button.setAttribute("aria-invalid", "true");
      return;
    }
    var box = document.getElementById(button.dataset.shield);
    if (!box) return;
    box.classList.remove("blurred");
    box.classList.add("revealed");
    box.querySelectorAll("[aria-hidden]").forEach(function (el) { el.removeAttribute("aria-hidden"); });
    button.hidden = true;
  });
})();
