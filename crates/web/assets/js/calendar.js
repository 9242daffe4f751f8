// Drag a post to another day to move it; its time of day stays. The move is an ordinary form POST to the post's
// reschedule address, so it follows the same rules (and the same CSRF protection) as the keyboard alternative.
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

  function move(postId, at, back) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = "/posts/" + encodeURIComponent(postId) + "/reschedule";
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
