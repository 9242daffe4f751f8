// The composer: live counters counted the way each network counts (Bluesky: graphemes, 300; Mastodon and the
// sandbox: characters with every link as 23, 500), a preview per network with links, mentions and hashtags marked,
// and drafts that autosave. Text is only ever put into the page with textContent: nothing typed is run as HTML.
(function () {
  "use strict";
  var URL_LENGTH = 23;
  var TOKEN = /(https?:\/\/[^\s]+|[@＠][\w.]+(?:@[\w.-]+)?|#[\p{L}\p{N}_]+)/gu;

  function graphemes(text) {
    if (window.Intl && Intl.Segmenter) return Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)).length;
    return Array.from(text).length;
  }

  function mastodonLength(text) {
    return text.split(/(\s+)/).reduce(function (n, word) {
      return n + (/^https?:\/\//.test(word) ? URL_LENGTH : Array.from(word).length);
    }, 0);
  }

  function count(network, text) { return network === "bluesky" ? graphemes(text.trim()) : mastodonLength(text.trim()); }

  function textFor(network) {
    var variant = document.getElementById("variant-" + network);
    return variant && variant.value.trim() ? variant.value : document.getElementById("text").value;
  }

  function selectedNetworks() {
    var seen = {}, out = [];
    document.querySelectorAll("input[name=profile]").forEach(function (box) {
      if (box.checked && !seen[box.dataset.network]) { seen[box.dataset.network] = true; out.push({ network: box.dataset.network, limit: Number(box.dataset.limit) }); }
    });
    return out;
  }

  // Splits text into plain runs and detected entities, so the preview can mark them without using HTML.
  function preview(text, into) {
    var last = 0;
    text.replace(TOKEN, function (match, _1, offset) {
      if (offset > last) into.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("span");
      mark.className = match[0] === "#" ? "hashtag" : (match[0] === "h" ? "link" : "mention");
      mark.textContent = match;
      into.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    if (last < text.length) into.appendChild(document.createTextNode(text.slice(last)));
  }

  // Images the post holds now: attached ones still kept, and files chosen in the free slots.
  function imageCount() {
    var n = 0;
    document.querySelectorAll("input[name=keep_media]").forEach(function (k) {
      var remove = document.getElementById("remove-" + k.value);
      if (!remove || !remove.checked) n++;
    });
    document.querySelectorAll("#images input[type=file]").forEach(function (f) { if (f.files && f.files.length) n++; });
    return n;
  }

  // The notes that say what a chosen network will not get (Bluesky: no content warning; one embed, images first;
  // Mastodon: builds its own link card), shown only when they apply.
  function notes(networks) {
    var chosen = {};
    networks.forEach(function (n) { chosen[n.network] = true; });
    var warning = (document.getElementById("content-warning") || {}).value || "";
    var text = document.getElementById("text").value;
    var hasLink = /https?:\/\//.test(text) && !(document.getElementById("no-link-card") || {}).checked;
    var images = imageCount();
    document.querySelectorAll(".network-note").forEach(function (note) {
      var applies = chosen[note.dataset.network] && (
        (note.dataset.when === "warning" && warning.trim() !== "") ||
        (note.dataset.when === "link" && hasLink) ||
        (note.dataset.when === "images-and-link" && hasLink && images > 0));
      note.hidden = !applies;
    });
  }

  function update() {
    var counters = document.getElementById("counters");
    var previews = document.getElementById("previews");
    counters.textContent = "";
    if (previews) previews.textContent = "";
    selectedNetworks().forEach(function (n) {
      var text = textFor(n.network), used = count(n.network, text);
      var span = document.createElement("span");
      span.className = used > n.limit ? "over" : "";
      span.textContent = n.network + ": " + used + " / " + n.limit + "  ";
      counters.appendChild(span);
      if (!previews) return;
      var card = document.createElement("div");
      card.className = "preview preview-" + n.network;
      var head = document.createElement("div");
      head.className = "muted";
      head.textContent = n.network;
      var body = document.createElement("p");
      body.className = "post-body";
      preview(text, body);
      card.appendChild(head);
      card.appendChild(body);
      var alts = [];
      document.querySelectorAll("#images .alt").forEach(function (alt) { if (alt.value.trim()) alts.push(alt.value.trim()); });
      if (alts.length) {
        var list = document.createElement("ol");
        list.className = "muted preview-alts";
        alts.forEach(function (a) { var li = document.createElement("li"); li.textContent = a; list.appendChild(li); });
        card.appendChild(list);
      }
      previews.appendChild(card);
    });
    notes(selectedNetworks());
  }

  // Autosave: a draft is saved a few seconds after the last keystroke, while the post is still a draft.
  var timer = null, dirty = false;
  function autosave() {
    var form = document.getElementById("compose-form");
    if (!dirty || !form || !form.dataset.autosave) return;
    dirty = false;
    var data = new FormData(form);
    // Files wait for a real save.
    document.querySelectorAll("#images input[type=file]").forEach(function (f) { data.delete(f.name); });
    data.set("action", "draft");
    var status = document.getElementById("autosave-status");
    fetch(form.dataset.autosave, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) {
        if (r.ok) return r.json();
        // The server explains itself as {"error": code, "message": sentence}; say it, never fail silently.
        return r.json().catch(function () { return { message: "HTTP " + r.status }; })
          .then(function (body) { return Promise.reject(body.message || body.error || ("HTTP " + r.status)); });
      })
      .then(function (saved) {
        document.getElementById("post-id").value = saved.id;
        if (status) {
          status.className = "muted";
          status.textContent = "✓ " + (status.dataset.saved || "") + " " + saved.saved_at;
        }
        var detected = document.getElementById("language-detected");
        if (detected && saved.language_name) detected.textContent = (status ? status.dataset.detected : "") + " " + saved.language_name;
      })
      .catch(function (why) {
        dirty = true;
        if (status) {
          status.className = "error";
          status.setAttribute("role", "alert");
          status.textContent = (status.dataset.failed || "") + " " + (typeof why === "string" ? why : "");
        }
      });
  }
  function changed() {
    dirty = true;
    update();
    clearTimeout(timer);
    timer = setTimeout(autosave, 4000);
  }

  function start() {
    var text = document.getElementById("text");
    if (!text) return;
    document.querySelectorAll("#compose-form textarea, #compose-form input[name=tags]").forEach(function (el) { el.addEventListener("input", changed); });
    document.querySelectorAll("input[name=profile]").forEach(function (b) { b.addEventListener("change", changed); });
    document.querySelectorAll("#images input, #post-extras input, #post-extras select").forEach(function (el) {
      el.addEventListener(el.type === "file" || el.type === "checkbox" || el.tagName === "SELECT" ? "change" : "input", changed);
    });
    var at = document.getElementById("at");
    if (at) at.addEventListener("focus", function () { document.getElementById("when-later").checked = true; });
    // Submitting stops a pending autosave, so a submitted post is never turned back into a draft.
    document.getElementById("compose-form").addEventListener("submit", function () { clearTimeout(timer); dirty = false; });
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
