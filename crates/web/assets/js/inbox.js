// The inbox's keys and the bulk bar. List: j / k move between messages, o or Enter opens the conversation, x selects
// the message for a bulk action, / jumps to the filters. Conversation: r reply, n note, t tag, a assign, e mark done,
// u back to the list. Keys typed into a field are left alone. Everything here only helps: without script, the links,
// check boxes and forms work the same.
(function () {
  "use strict";
  var index = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("li.message-row[data-id]")); }

  function move(by) {
    var all = rows();
    if (!all.length) return;
    if (index < 0) {
      all.forEach(function (r, i) { if (r.classList.contains("current")) index = i; });
    }
    index = Math.max(0, Math.min(all.length - 1, index + by));
    all.forEach(function (m) { m.classList.remove("selected"); });
    all[index].classList.add("selected");
    all[index].focus();
  }

  function focus(id) {
    var el = document.getElementById(id);
    if (el && el.offsetParent !== null) { el.focus(); return true; }
    return false;
  }

  function click(id) {
    var el = document.getElementById(id);
    if (el) el.click();
  }

  document.addEventListener("change", function (e) {
    var box = e.target;
    if (!box || box.id !== "select-all") return;
    document.querySelectorAll("input.row-select").forEach(function (c) { c.checked = box.checked; });
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var all = rows();
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x": {
        var row = all[index];
        var box = row && row.querySelector("input.row-select");
        if (box) box.checked = !box.checked; else return;
        break;
      }
      case "o":
      case "Enter": {
        var current = all[index];
        var link = current && current.querySelector("a.open-conversation");
        if (link) window.location.assign(link.getAttribute("href"));
        else return;
        break;
      }
      case "/": if (!focus("f-kind")) return; break;
      case "r": if (!focus("reply-text")) return; break;
      case "n": if (!focus("note-text")) return; break;
      case "t": if (!focus("tag-input")) return; break;
      case "a": if (!focus("assign-to")) return; break;
      case "e": click("mark-done"); break;
      case "u": {
        var back = document.getElementById("back-to-inbox");
        if (back) window.location.assign(back.getAttribute("href")); else return;
        break;
      }
      default: return;
    }
    e.preventDefault();
  });
})();
