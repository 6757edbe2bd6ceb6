/* My learning (我的学习) with no account: the parent's record lives in this browser only
 * (localStorage, one versioned key) and pages stay the same for everyone. ES5 (old X5 engines);
 * no words here: the templates carry them. Never breaks the page: no storage (private mode),
 * a corrupt record or a missing player just mean less is shown.
 * - Lesson page ([data-learning-lesson], lessons/includes/learning_lesson.html): keeps where the
 *   parent left off (the player's media events), 继续学习 from there, 标记为已学 / 已学 ✓, learned
 *   by itself once 90 % was played or it ended; two anonymous counts (/stats/plays/).
 * - Grade page ([data-learning-cue]): 继续学习 to the last unfinished lesson.
 * - 我的学习 ([data-my-learning], cms/my_learning.html): this school year's lessons by kind,
 *   required lessons, the first lesson, stars (rules from lessons/stars.py, in the JSON block).
 * - 到课确认 ([data-learning-attended]): the lesson learned, with the attendance token. */
(function () {
  'use strict';
  if (window.psLearning) { return; }
  var KEY = 'ps-learning-v1', MAX_LESSONS = 300, SAVE_EVERY = 5000, LEARNED_SHARE = 0.9;
  var BEACON_URL = '/stats/plays/';
  window.psLearning = { key: KEY };

  function now() { return new Date().getTime(); }
  function isNumber(x) { return typeof x === 'number' && isFinite(x) && x >= 0; }
  function text(x, limit) { return typeof x === 'string' ? x.slice(0, limit || 300) : ''; }
  function safeUrl(url) { return typeof url === 'string' && /^\/(?![\/\\])/.test(url) ? url : ''; }
  function clean(entry, id) { // one lesson's record as stored, checked field by field; or null
    if (!entry || typeof entry !== 'object' || !/^[0-9]{1,10}$/.test(id)) { return null; }
    var done = [], i;
    for (i = 0; entry.done && i < entry.done.length && i < 20; i++) { done.push(String(entry.done[i])); }
    return {
      id: id, kind: text(entry.kind, 40), title: text(entry.title), url: safeUrl(entry.url),
      media: entry.media ? String(entry.media).slice(0, 12) : '', done: done,
      position: isNumber(entry.position) ? entry.position : 0, duration: isNumber(entry.duration) ? entry.duration : 0,
      learned_at: isNumber(entry.learned_at) ? entry.learned_at : null,
      attended: text(entry.attended, 200), attended_at: isNumber(entry.attended_at) ? entry.attended_at : null,
      updated_at: isNumber(entry.updated_at) ? entry.updated_at : 0
    };
  }
  function load() { // {id: entry}; empty when there is no storage or the record is unreadable
    var raw = null, lessons = {}, id, entry;
    try { raw = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch (e) { raw = null; }
    if (raw && raw.v === 1 && raw.lessons && typeof raw.lessons === 'object') {
      for (id in raw.lessons) {
        if (Object.prototype.hasOwnProperty.call(raw.lessons, id)) {
          entry = clean(raw.lessons[id], id);
          if (entry) { lessons[id] = entry; }
        }
      }
    }
    return lessons;
  }
  function list(lessons) {
    var all = [], id;
    for (id in lessons) { if (Object.prototype.hasOwnProperty.call(lessons, id)) { all.push(lessons[id]); } }
    return all.sort(function (a, b) { return b.updated_at - a.updated_at; });
  }
  function store(lessons) {
    var all = list(lessons).slice(0, MAX_LESSONS), kept = {}, i;
    for (i = 0; i < all.length; i++) { kept[all[i].id] = all[i]; }
    try { localStorage.setItem(KEY, JSON.stringify({ v: 1, lessons: kept })); } catch (e) {}
  }
  function update(lesson, change) { // read, change one lesson, write: other tabs' changes stay
    var lessons = load(), entry = lessons[lesson.id] || clean({}, lesson.id);
    if (!entry) { return null; }
    entry.kind = lesson.kind; entry.title = lesson.title; entry.url = lesson.url;
    change(entry); entry.updated_at = now();
    lessons[lesson.id] = entry; store(lessons);
    return entry;
  }
  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return (h ? h + ':' + two(m) : two(m)) + ':' + two(s % 60);
  }
  function each(nodes, fn) { for (var i = 0; i < nodes.length; i++) { fn(nodes[i], i); } }
  function tryPlay(el) {
    try { var p = el.play(); if (p && p.then) { p.then(null, function () {}); } } catch (e) {}
  }

  function beacon(lesson, event) { // an anonymous count: the lesson and what happened, nothing else
    var body = 'lesson=' + encodeURIComponent(lesson.id) + '&event=' + event;
    try {
      if (navigator.sendBeacon) { navigator.sendBeacon(BEACON_URL, window.URLSearchParams ? new URLSearchParams(body)
        : new Blob([body], { type: 'application/x-www-form-urlencoded' })); }
    } catch (e) {}
  }

  function lessonOf(el) {
    return { id: el.getAttribute('data-id') || '', kind: el.getAttribute('data-kind') || '',
      title: el.getAttribute('data-title') || '', url: safeUrl(el.getAttribute('data-url')) };
  }
  function lessonPage(el) {
    var lesson = lessonOf(el);
    var players = document.querySelectorAll('[data-player]');
    var resume = el.querySelector('[data-learning-continue]'), toggle = el.querySelector('[data-learning-toggle]');
    var started = false, completed = false, lastSave = 0;
    if (!clean({}, lesson.id)) { return; }

    function playerFor(media) {
      var found = null;
      each(players, function (root) { if (!found && (!media || root.getAttribute('data-media-id') === media)) { found = root; } });
      return found;
    }
    function show() {
      var entry = load()[lesson.id], learned = !!(entry && entry.learned_at);
      var root = entry && entry.position > 0 ? playerFor(entry.media) : null;
      if (toggle) {
        toggle.textContent = toggle.getAttribute(learned ? 'data-label-done' : 'data-label-mark');
        toggle.setAttribute('aria-pressed', learned ? 'true' : 'false'); toggle.hidden = false;
      }
      if (root) { root.setAttribute('data-resume', String(entry.position)); }
      if (resume) {
        resume.hidden = !root || started;
        if (root) { resume.textContent = resume.getAttribute('data-label').replace('{time}', clock(entry.position)); }
      }
    }
    function adoptLegacy() { // positions the player kept before this record existed
      var entry = load()[lesson.id];
      each(players, function (root) {
        var at = parseFloat(root.getAttribute('data-legacy-position')) || 0;
        root.removeAttribute('data-legacy-position');
        if (at > 0 && !(entry && entry.position > 0)) {
          entry = update(lesson, function (e) { e.media = root.getAttribute('data-media-id') || ''; e.position = at; });
        }
      });
    }
    function activeMedia(root) {
      var found = null;
      each(root.querySelectorAll('video, audio'), function (m) { if (!found && !m.hidden) { found = m; } });
      return found;
    }
    function resumeNow() {
      var entry = load()[lesson.id], root = entry ? playerFor(entry.media) : null, start, media;
      if (!root || !(entry.position > 0)) { return; }
      root.setAttribute('data-resume', String(entry.position));
      if (root.scrollIntoView) { root.scrollIntoView(); }
      start = root.querySelector('[data-player-start]');
      if (start && !start.hidden && !root.querySelector('video:not([hidden])')) { start.click(); return; }
      media = activeMedia(root);
      if (!media) { return; }
      if (media.readyState > 0) { try { media.currentTime = entry.position; } catch (e) {} }
      tryPlay(media);
    }
    function finished(media, ended) { // a player played (nearly) to its end
      var wasLearned = false, nowLearned = false;
      update(lesson, function (e) {
        var all = true; wasLearned = !!e.learned_at;
        if (e.done.indexOf(media) < 0) { e.done.push(media); }
        each(players, function (root) { if (e.done.indexOf(root.getAttribute('data-media-id')) < 0) { all = false; } });
        if (ended && (!e.media || e.media === media)) { e.position = 0; }
        if (all && !e.learned_at) { e.learned_at = now(); }
        nowLearned = !!e.learned_at;
      });
      if (!wasLearned && nowLearned && !completed) { completed = true; beacon(lesson, 'completed'); }
      show();
    }
    function onMedia(event) {
      var m = event.target, root = this, media = root.getAttribute('data-media-id') || '', t, d;
      if (!m || (m.tagName !== 'VIDEO' && m.tagName !== 'AUDIO') || m.hidden) { return; }
      if (event.type === 'play') {
        if (!started) { started = true; beacon(lesson, 'started'); if (resume) { resume.hidden = true; } }
        lastSave = now(); return;
      }
      t = m.currentTime; d = m.duration;
      if (m.readyState < 1 || !isNumber(d) || !d) { return; }
      if (event.type === 'ended' || t >= d - 0.5) { finished(media, true); return; }
      if (event.type === 'timeupdate') {
        if (m.paused || m.seeking) { return; }
        var entry = t >= LEARNED_SHARE * d ? load()[lesson.id] : false;
        if (entry !== false && (!entry || entry.done.indexOf(media) < 0)) { finished(media, false); }
        if (now() - lastSave < SAVE_EVERY) { return; }
      }
      if (t < 1) { return; } lastSave = now();
      update(lesson, function (e) { e.media = media; e.position = Math.floor(t); e.duration = Math.round(d); });
    }

    each(players, function (root) {
      each(['play', 'timeupdate', 'pause', 'ended'], function (type) { root.addEventListener(type, onMedia, true); });
    });
    if (resume) { resume.addEventListener('click', resumeNow, false); }
    if (toggle) {
      toggle.addEventListener('click', function () {
        update(lesson, function (e) {
          if (e.learned_at) { e.learned_at = null; e.done = []; } else { e.learned_at = now(); }
        });
        show();
      }, false);
    }
    adoptLegacy();
    show();
  }

  function attendedPage(el) { // the server checked the token
    var lesson = lessonOf(el), token = text(el.getAttribute('data-token'), 200), saved;
    if (!token || !clean({}, lesson.id)) { return; }
    update(lesson, function (e) { // a reload changes nothing
      if (e.attended !== token || !e.learned_at) { e.learned_at = e.attended_at = now(); e.attended = token; }
    });
    saved = load()[lesson.id]; saved = !!(saved && saved.attended === token);
    el.querySelector('[data-attended-done]').hidden = !saved;
    el.querySelector('[data-attended-todo]').hidden = saved;
  }

  function gradeCue(el) {
    var all = list(load()), link = el.querySelector('a'), title = el.querySelector('[data-learning-cue-title]'), i;
    for (i = 0; i < all.length; i++) {
      if (all[i].position > 0 && !all[i].learned_at && all[i].url) {
        if (link) { link.setAttribute('href', all[i].url); }
        if (title) { title.textContent = all[i].title; }
        el.hidden = false; return;
      }
    }
    el.hidden = true;
  }

  function myPage(root, data) {
    var strings = data.strings || {}, starsEl = root.querySelector('[data-my-stars]');
    var noStars = starsEl ? starsEl.textContent : '';
    function one(selector) { return root.querySelector(selector); }
    function card(entry, note) {
      var li = document.createElement('li'), a = document.createElement('a');
      var h = document.createElement('h3'), p = document.createElement('p');
      li.className = 'card'; a.setAttribute('href', entry.url); h.textContent = entry.title; p.textContent = note;
      a.appendChild(h); a.appendChild(p); li.appendChild(a);
      return li;
    }
    function day(ms) {
      var d = new Date(ms), m = d.getMonth() + 1, n = d.getDate();
      return d.getFullYear() + '-' + (m < 10 ? '0' : '') + m + '-' + (n < 10 ? '0' : '') + n;
    }
    function render() {
      var all = list(load()), year = data.year || {}, counts = {}, byKind = {}, i, k, level = 0, marks = '';
      var going = one('[data-my-continue-list]'), kinds = one('[data-my-kinds]'), required = one('[data-my-required]');
      var firstDone, shown = 0;
      going.innerHTML = ''; kinds.innerHTML = '';
      for (i = 0; i < all.length; i++) {
        var e = all[i];
        if (!e.url) { continue; }
        if (e.position > 0 && !e.learned_at && shown < 5) {
          going.appendChild(card(e, (strings.continue_from || '').replace('{time}', clock(e.position))));
          shown++;
        }
        if (e.learned_at !== null && e.learned_at >= year.start && e.learned_at < year.end) {
          counts[e.kind] = (counts[e.kind] || 0) + 1;
          (byKind[e.kind] = byKind[e.kind] || []).push(e);
        }
      }
      one('[data-my-continue]').hidden = !shown;
      for (k = 0; k < (data.kinds || []).length; k++) {
        var kind = data.kinds[k], items = byKind[kind.code];
        if (!items) { continue; }
        var h = document.createElement('h3'), ul = document.createElement('ul');
        h.textContent = kind.label + ' · ' + items.length;
        ul.className = 'cards';
        for (i = 0; i < items.length; i++) { ul.appendChild(card(items[i], (strings.learned_on || '').replace('{date}', day(items[i].learned_at)))); }
        kinds.appendChild(h); kinds.appendChild(ul);
      }
      one('[data-my-empty]').hidden = !!kinds.firstChild;
      if (required) { required.textContent = required.getAttribute('data-label').replace('{n}', counts[data.required_kind] || 0); }
      firstDone = (counts[data.first_lesson_kind] || 0) > 0;
      one('[data-my-first-done]').hidden = !firstDone; one('[data-my-first-todo]').hidden = firstDone;
      each(data.stars || [], function (rule) {
        var met = true, code;
        for (code in rule.needs) {
          if (Object.prototype.hasOwnProperty.call(rule.needs, code) && (counts[code] || 0) < rule.needs[code]) { met = false; }
        }
        if (met && rule.stars > level) { level = rule.stars; marks = rule.marks; }
      });
      if (starsEl) {
        starsEl.textContent = level ? marks + ' ' + (strings.stars || '').replace('{n}', level) : noStars;
        starsEl.setAttribute('data-level', String(level));
      }
    }
    var clear = one('[data-my-clear]');
    if (clear) {
      clear.addEventListener('click', function () {
        if (!window.confirm(clear.getAttribute('data-confirm'))) { return; }
        try { localStorage.removeItem(KEY); } catch (e) {}
        render();
      }, false);
    }
    render();
  }

  function init() {
    if (window.psLearning.ready) { return; } window.psLearning.ready = true;
    var lesson = document.querySelector('[data-learning-lesson]'), cue = document.querySelector('[data-learning-cue]');
    var my = document.querySelector('[data-my-learning]'), json = document.getElementById('my-learning-data');
    var attended = document.querySelector('[data-learning-attended]');
    try { if (lesson) { lessonPage(lesson); } } catch (e) {}
    try { if (cue) { gradeCue(cue); } } catch (e) {}
    try { if (attended) { attendedPage(attended); } } catch (e) {}
    try { if (my && json) { myPage(my, JSON.parse(json.textContent)); } } catch (e) {}
  }
  // After every deferred script (the player's too): DOMContentLoaded, or now if it has passed.
  if (document.readyState === 'complete') { init(); } else {
    document.addEventListener('DOMContentLoaded', init, false);
    window.addEventListener('load', init, false);
  }
}());
