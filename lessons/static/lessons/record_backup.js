/* 备份与恢复 on 我的学习 (lessons/includes/record_backup.html; server: lessons/record/backup.py).
 * Optional and explicit: nothing is sent until the parent taps a button, and then only the
 * record learning.js keeps (the list of lessons), cleaned the way the server checks it.
 * This phone remembers its recovery code (and the QR code) under its own localStorage key, for
 * 更新备份 and 删除备份. A restore merges the backup into this phone's record (per lesson the
 * entry updated last; a lesson learned or attended on either side stays so) and reloads the
 * page, which learning.js renders. /my/#restore=CODE (the QR code's link; a fragment is never
 * sent to a server) fills the code in and offers the restore. ES5; no words here. */
(function () {
  'use strict';
  var RECORD_KEY = 'ps-learning-v1'; // learning.js's record
  var CODE_KEY = 'ps-record-backup-v1', RESTORED_KEY = 'ps-record-restored', MAX_LESSONS = 300;
  var root = document.querySelector('[data-record-backup]');
  if (!root || !window.JSON || !window.XMLHttpRequest) { return; }
  try { localStorage.setItem(CODE_KEY + '-test', '1'); localStorage.removeItem(CODE_KEY + '-test'); } catch (e) { return; }

  function one(selector) { return root.querySelector(selector); }
  var none = one('[data-backup-none]'), done = one('[data-backup-done]'), codeEl = one('[data-backup-code]');
  var qr = one('[data-backup-qr]'), kept = one('[data-backup-kept]'), form = one('[data-backup-restore-form]');
  var input = one('[data-backup-input]'), status = one('[data-backup-status]'), error = one('[data-backup-error]');
  var buttons = root.querySelectorAll('button');

  function isNumber(x) { return typeof x === 'number' && isFinite(x) && x >= 0 && x <= 1e15; }
  function text(x, limit) { // as the server takes it: no control character, no half of a pair
    var s = typeof x === 'string' ? x.replace(/[\x00-\x1f\x7f]/g, '').slice(0, limit) : '';
    return /[\ud800-\udbff]$/.test(s) ? s.slice(0, -1) : s;
  }
  function clean(entry, id) { // learning.js's clean(), plus the attendance fields
    if (!entry || typeof entry !== 'object' || !/^[0-9]{1,10}$/.test(id)) { return null; }
    var url = text(entry.url, 500), out = {
      id: id, kind: text(entry.kind, 40), title: text(entry.title, 300),
      url: /^\/(?![\/\\])\S*$/.test(url) ? url : '', media: text(String(entry.media || ''), 12), done: [],
      position: isNumber(entry.position) ? entry.position : 0,
      duration: isNumber(entry.duration) ? entry.duration : 0,
      learned_at: isNumber(entry.learned_at) ? entry.learned_at : null,
      updated_at: isNumber(entry.updated_at) ? entry.updated_at : 0,
      attended: text(entry.attended, 200), attended_at: isNumber(entry.attended_at) ? entry.attended_at : null
    }, i;
    for (i = 0; entry.done && i < entry.done.length && i < 20; i++) { out.done.push(text(String(entry.done[i]), 12)); }
    return out;
  }
  function lessonsOf(raw) {
    var lessons = {}, id, entry;
    if (raw && raw.lessons && typeof raw.lessons === 'object') {
      for (id in raw.lessons) {
        if (Object.prototype.hasOwnProperty.call(raw.lessons, id)) {
          entry = clean(raw.lessons[id], id);
          if (entry) { lessons[id] = entry; }
        }
      }
    }
    return lessons;
  }
  function read(key) { try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) {} }
  function ids(lessons) {
    var all = [], id;
    for (id in lessons) { if (Object.prototype.hasOwnProperty.call(lessons, id)) { all.push(id); } }
    return all;
  }
  function myRecord() { // the newest MAX_LESSONS lessons, as the server takes them
    var lessons = lessonsOf(read(RECORD_KEY)), all = ids(lessons), kept = {}, i;
    all.sort(function (a, b) { return lessons[b].updated_at - lessons[a].updated_at; });
    for (i = 0; i < all.length && i < MAX_LESSONS; i++) { kept[all[i]] = lessons[all[i]]; }
    return { v: 1, lessons: kept };
  }
  function merge(mine, theirs) {
    var all = ids(theirs), i, a, b, keep, other;
    for (i = 0; i < all.length; i++) {
      a = mine[all[i]]; b = theirs[all[i]];
      keep = a && a.updated_at >= b.updated_at ? a : b;
      other = keep === a ? b : a;
      if (other && keep.learned_at === null && other.learned_at !== null) { keep.learned_at = other.learned_at; }
      if (other && !keep.attended && other.attended) { keep.attended = other.attended; keep.attended_at = other.attended_at; }
      mine[all[i]] = keep;
    }
    return mine;
  }

  function say(el, message) {
    status.hidden = error.hidden = true;
    if (el && message) { el.textContent = message; el.hidden = false; }
  }
  function busy(on) { for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = on; } }
  function post(url, body, then) {
    var xhr = new XMLHttpRequest();
    busy(true);
    say(null);
    xhr.open('POST', url, true);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.onreadystatechange = function () {
      var data = null;
      if (xhr.readyState !== 4) { return; }
      busy(false);
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status === 200 && data) { then(data, null); return; }
      say(error, data && data.error ? data.error : root.getAttribute('data-msg-failed'));
      then(null, xhr.status);
    };
    xhr.send(JSON.stringify(body));
  }

  function show() { // this phone's backup, if it made or restored one
    var mine = read(CODE_KEY), has = !!(mine && typeof mine.code === 'string');
    none.hidden = has;
    done.hidden = !has;
    if (!has) { return; }
    codeEl.textContent = mine.code;
    codeEl.style.fontSize = '1.7rem';
    codeEl.style.letterSpacing = '.08em';
    codeEl.style.fontFamily = 'monospace';
    qr.hidden = !mine.qr;
    if (mine.qr) { qr.setAttribute('src', 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(mine.qr)); }
    kept.textContent = kept.getAttribute('data-label').replace('{days}', mine.keep_days || '');
  }
  function remember(code, qrSvg, days) {
    write(CODE_KEY, { code: code, qr: typeof qrSvg === 'string' ? qrSvg : '', keep_days: days });
    show();
  }
  function forget() { try { localStorage.removeItem(CODE_KEY); } catch (e) {} show(); }

  one('[data-backup-create]').addEventListener('click', function () {
    var record = myRecord();
    if (!ids(record.lessons).length) { say(error, root.getAttribute('data-msg-empty')); return; }
    post(root.getAttribute('data-create-url'), { record: record }, function (data) {
      if (data) { remember(data.code, data.qr, data.keep_days); }
    });
  }, false);
  one('[data-backup-update]').addEventListener('click', function () {
    var mine = read(CODE_KEY) || {}, record = myRecord();
    if (!ids(record.lessons).length) { say(error, root.getAttribute('data-msg-empty')); return; }
    post(root.getAttribute('data-update-url'), { code: mine.code, record: record }, function (data, failed) {
      if (data) { say(status, root.getAttribute('data-msg-updated')); }
      if (failed === 404) { forget(); }
    });
  }, false);
  one('[data-backup-delete]').addEventListener('click', function () {
    var mine = read(CODE_KEY) || {};
    if (!window.confirm(root.getAttribute('data-confirm-delete'))) { return; }
    post(root.getAttribute('data-delete-url'), { code: mine.code }, function (data, failed) {
      if (data || failed === 404) { forget(); }
      if (data) { say(status, root.getAttribute('data-msg-deleted')); }
    });
  }, false);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    post(root.getAttribute('data-restore-url'), { code: input.value }, function (data) {
      if (!data) { return; }
      var theirs = lessonsOf(data.record), mine = read(CODE_KEY);
      write(RECORD_KEY, { v: 1, lessons: merge(lessonsOf(read(RECORD_KEY)), theirs) });
      if (!mine || mine.code !== data.code) { write(CODE_KEY, { code: data.code, qr: '', keep_days: data.keep_days }); }
      try { sessionStorage.setItem(RESTORED_KEY, String(ids(theirs).length)); } catch (e) {}
      if (window.history && history.replaceState) { history.replaceState(null, '', location.pathname + location.search); }
      location.reload(); // learning.js renders the merged record
    });
  }, false);

  var restored = null, offered = /^#restore=([^&]{1,64})/.exec(location.hash);
  try { restored = sessionStorage.getItem(RESTORED_KEY); sessionStorage.removeItem(RESTORED_KEY); } catch (e) {}
  root.hidden = false;
  show();
  if (restored !== null) {
    say(status, root.getAttribute('data-msg-restored').replace('{n}', restored));
  } else if (offered) {
    try { input.value = decodeURIComponent(offered[1]); } catch (e) { input.value = offered[1]; }
    say(status, root.getAttribute('data-msg-offer'));
    if (form.scrollIntoView) { form.scrollIntoView(); }
  }
}());
