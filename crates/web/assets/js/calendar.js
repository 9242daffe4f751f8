// Drag a post to another day to move it; its time of day stays. The move is a POST that follows the same rules (and
// the same CSRF protection) as the post page's reschedule form.
(function () {
  "use strict";
  function start() {
    var calendar = document.getElementById("calendar");
    if (!calendar) return;
    var dragged = null;
    calendar.querySelectorAll(".entry[draggable=true]").forEach(function (entry) {
      entry.addEventListener("dragstart", function (e) {
        dragged = entry;
        e.dataTransfer.setData("text/plain", entry.dataset.postId);
        e.dataTransfer.effectAllowed = "move";
      });
    });
    calendar.querySelectorAll("td.day").forEach(function (cell) {
      cell.addEventListener("dragover", function (e) { if (dragged) { e.preventDefault(); cell.classList.add("drop"); } });
      cell.addEventListener("dragleave", function () { cell.classList.remove("drop"); });
      cell.addEventListener("drop", function (e) {
        e.preventDefault();
        cell.classList.remove("drop");
        if (!dragged) return;
        move(dragged.dataset.postId, cell.dataset.date + "T" + dragged.dataset.time, calendar.dataset.back);
        dragged = null;
      });
    });
  }

  // The drop goes to the calendar's own address with htmx: a move that is allowed reloads the calendar, one that is
  // refused (a day that is over, a post already sent) puts the server's sentence above the calendar.
  function move(postId, at, back) {
    var url = "/calendar/posts/" + encodeURIComponent(postId) + "/move";
    var calendar = document.getElementById("calendar");
    var notice = document.getElementById("calendar-notice");
    if (!notice && calendar) {
      notice = document.createElement("div");
      notice.id = "calendar-notice";
      notice.setAttribute("aria-live", "polite");
      calendar.parentNode.insertBefore(notice, calendar);
    }
    if (window.htmx && notice) {
      window.htmx.ajax("POST", url, { target: "#calendar-notice", swap: "innerHTML", values: { at: at, back: back } });
      return;
    }
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    [["at", at], ["back", back]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
