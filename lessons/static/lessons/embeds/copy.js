/* The admin's embed code page (lessons/templates/lessons/embeds/admin_embed_code.html): the
 * "copy code" button copies the <iframe> snippet; without the Clipboard API (a plain-HTTP
 * admin) it selects the text and asks the browser to copy it. No words here. */
(function () {
  'use strict';
  function setup(button) {
    var source = document.getElementById(button.getAttribute('data-embed-copy'));
    var status = button.parentNode.querySelector('[data-embed-copy-status]');
    function say(key) { if (status) { status.textContent = button.getAttribute(key); } }
    function fallback() {
      source.focus();
      source.select();
      var done = false;
      try { done = document.execCommand('copy'); } catch (e) {}
      say(done ? 'data-copied' : 'data-failed');
    }
    button.addEventListener('click', function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(function () { say('data-copied'); }, fallback);
      } else {
        fallback();
      }
    }, false);
  }
  var buttons = document.querySelectorAll('[data-embed-copy]');
  for (var i = 0; i < buttons.length; i++) { setup(buttons[i]); }
}());
