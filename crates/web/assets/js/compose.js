// Live counters in the composer, counted the way each network counts: Bluesky counts graphemes (300); Mastodon and
// the sandbox count characters with every link as 23 (500). The server checks the same rules again.
(function () {
  "use strict";
  var URL_LENGTH = 23;

  function graphemes(text) {
    if (window.Intl && Intl.Segmenter) return Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)).length;
    return Array.from(text).length;
  }

  function mastodonLength(text) {
    return text.split(/(\s+)/).reduce(function (n, word) {
      return n + (/^https?:\/\//.test(word) ? URL_LENGTH : Array.from(word).length);
    }, 0);
  }

  function count(network, text) { return network === "bluesky" ? graphemes(text) : mastodonLength(text.trim()); }

  function update() {
    var text = document.getElementById("text").value;
    var out = document.getElementById("counters");
    out.textContent = "";
    var seen = {};
    document.querySelectorAll("input[name=profile]:checked").forEach(function (box) {
      var network = box.dataset.network;
      if (seen[network]) return;
      seen[network] = true;
      var n = count(network, text), limit = Number(box.dataset.limit);
      var span = document.createElement("span");
      span.className = n > limit ? "over" : "";
      span.textContent = network + ": " + n + " / " + limit + "  ";
      out.appendChild(span);
    });
  }

  function start() {
    var text = document.getElementById("text");
    if (!text) return;
    text.addEventListener("input", update);
    document.querySelectorAll("input[name=profile]").forEach(function (b) { b.addEventListener("change", update); });
    var at = document.getElementById("at");
    if (at) at.addEventListener("focus", function () { document.getElementById("when-later").checked = true; });
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
