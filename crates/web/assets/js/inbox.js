// Keyboard shortcuts for the inbox. List: j / k move between messages, o or Enter opens the conversation, / jumps to
// the filters. Conversation: r reply, n note, t tag, a assign, e mark done, u back to the inbox. Keys typed into a
// field are left alone.
(function () {
  "use strict";
  var index = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function messages() { return Array.prototype.slice.call(document.querySelectorAll("article.message[data-id]")); }

  function move(by) {
    var all = messages();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, index + by));
    all.forEach(function (m) { m.classList.remove("selected"); });
    all[index].classList.add("selected");
    all[index].focus();
  }

  function focus(id) {
    var el = document.getElementById(id);
    if (el) { el.focus(); return true; }
    return false;
  }

  function click(id) {
    var el = document.getElementById(id);
    if (el) el.click();
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var all = messages();
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
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
      case "u": if (document.getElementById("back-to-inbox")) window.location.assign("/inbox"); else return; break;
      default: return;
    }
    e.preventDefault();
  });
})();
