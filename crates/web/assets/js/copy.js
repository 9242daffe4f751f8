// Copy buttons: <button data-copy="#field-id" data-copied="Copied"> copies the value (or text) of the element it
// names and says so on the button for a moment (data-copied), or in the element marked data-copied-for="<button id>"
// when there is one. The clipboard API needs a secure context; on plain http the field is selected and copied the
// old way, and if even that is refused the field stays selected for Ctrl+C (data-copy-failed says so).
(function () {
  'use strict';

  function said(button, ok) {
    var word = ok ? button.getAttribute('data-copied') : button.getAttribute('data-copy-failed');
    var note = button.id ? document.querySelector('[data-copied-for="' + button.id + '"]') : null;
    if (note) {
      note.textContent = word || '';
      note.hidden = !word;
      return;
    }
    if (!word) return;
    var before = button.textContent;
    button.textContent = word;
    setTimeout(function () { button.textContent = before; }, 2000);
  }

  function fallback(field) {
    if (field.select) field.select();
    try { return document.execCommand('copy'); } catch (e) { return false; }
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
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
