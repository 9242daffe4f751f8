// Copy buttons: <button class="copy" data-copy="#field-id"> copies the value (or text) of the element it names and
// says so beside itself. The clipboard API needs a secure context; on plain http the field is selected and copied
// the old way, and if even that is refused the field stays selected for Ctrl+C.
(function () {
  'use strict';

  function said(button, ok) {
    var note = document.querySelector('[data-copied-for="' + button.id + '"]');
    if (!note) return;
    note.textContent = ok ? note.getAttribute('data-ok') : note.getAttribute('data-fail');
    note.hidden = false;
  }

  function fallback(field) {
    if (field.select) field.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.copy[data-copy]');
    if (!button) return;
    var field = document.querySelector(button.getAttribute('data-copy'));
    if (!field) return;
    var value = field.value !== undefined ? field.value : field.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () { said(button, true); },
        function () { said(button, fallback(field)); });
    } else {
      said(button, fallback(field));
    }
  });
})();
