// Focus heartbeats for the care figures (compose, review and report time). Every 15 s, while this tab is visible
// and has the focus (and, for the composer, while the keyboard focus is inside the editor), the page tells the
// server "the last 15 s were focused". Nothing is sent about what was typed.
(function () {
  'use strict';
  var el = document.querySelector('[data-focus-kind]');
  if (!el) return;
  var kind = el.getAttribute('data-focus-kind');
  var within = el.hasAttribute('data-focus-within');
  var every = 15000;

  function focused() {
    if (document.visibilityState !== 'visible' || !document.hasFocus()) return false;
    return !within || el.contains(document.activeElement);
  }

  setInterval(function () {
    if (!focused()) return;
    fetch('/activity/heartbeat', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'kind=' + encodeURIComponent(kind)
    }).catch(function () { /* a missed beat only loses 15 s of counted time */ });
  }, every);
})();
