/* 星级家长证书 on 我的学习 (lessons/includes/record_certificate.html). ES5; no words here.
 * The form shows while lessons/learning.js shows at least one star (the level it writes on
 * [data-my-stars]). On submit it fills the hidden field with the record's entries, each with
 * only the lesson id, when it was learned and the attendance token; the server checks each
 * and recomputes the level. Nothing else of the record leaves the phone. */
(function () {
  'use strict';
  var section = document.querySelector('[data-certificate]');
  var stars = document.querySelector('[data-my-stars]');
  if (!section || !stars) { return; }
  var form = section.querySelector('[data-certificate-form]');

  function show() { section.hidden = !(parseInt(stars.getAttribute('data-level'), 10) > 0); }
  function entries() { // learning.js's record (psLearning.key), learned lessons only
    var raw = null, sent = [], id, e;
    try { raw = JSON.parse(localStorage.getItem(window.psLearning.key) || 'null'); } catch (err) { raw = null; }
    if (!raw || raw.v !== 1 || !raw.lessons || typeof raw.lessons !== 'object') { return sent; }
    for (id in raw.lessons) {
      e = raw.lessons[id];
      if (Object.prototype.hasOwnProperty.call(raw.lessons, id) && e && (e.learned_at || e.attended)) {
        sent.push({ id: id, learned_at: e.learned_at || null, attended: e.attended || '' });
      }
    }
    return sent;
  }

  if (window.MutationObserver) {
    new window.MutationObserver(show).observe(stars, { attributes: true, attributeFilter: ['data-level'] });
  }
  window.addEventListener('load', show, false);
  if (form) {
    form.addEventListener('submit', function () {
      try { form.elements.lessons.value = JSON.stringify(entries()); } catch (err) {}
    }, false);
  }
  show();
}());
