/* Lesson player over media_pipeline/player.html. ES5 only (old X5 engines); no words here
 * (the template has them). Nothing is fetched before the parent taps play: then native HLS
 * where the browser has it, else hls.js (loaded only now) from the lowest rung, else the MP4
 * that suits the player's width. When video keeps stalling the lesson goes on as audio only,
 * with one tap back; the choice stays on the phone (localStorage), nowhere else. Where the parent
 * left off is kept by lessons/learning.js in its one record (also on the phone): it listens to
 * the media elements' own events and sets data-resume on the player, read here when the media's
 * metadata arrives. The position this script used to keep ('ps-pos-<media id>') is handed over
 * as data-legacy-position and removed. */
(function () {
  'use strict';
  var STALLS = 2, STALL_WINDOW = 60000, LONG_STALL = 8000; // "repeatedly": 2 in a minute, or 8 s
  var AFTER_SEEK = 5000; // waiting for data after a seek is not the link failing playback
  var LISTEN_KEY = 'ps-listen', LEGACY_POSITION_KEY = 'ps-pos-';
  var hlsjs = 0, waiting = []; // 0 not asked for, 1 loading, 2 done

  function withHlsJs(url, done) { // inject the vendored hls.js once, only when needed
    if (window.Hls || hlsjs === 2 || !url) { done(window.Hls || null); return; }
    waiting.push(done);
    if (hlsjs) { return; }
    hlsjs = 1;
    var script = document.createElement('script');
    script.src = url;
    script.onload = script.onerror = function () {
      hlsjs = 2;
      while (waiting.length) { waiting.shift()(window.Hls || null); }
    };
    (document.head || document.documentElement).appendChild(script);
  }

  function preload(urls) { // start these downloads now, beside hls.js's: it finds them cached
    for (var i = 0; i < urls.length; i++) {
      if (!urls[i]) { continue; }
      var link = document.createElement('link');
      link.rel = 'preload'; link.as = 'fetch'; link.crossOrigin = 'anonymous'; link.href = urls[i];
      (document.head || document.documentElement).appendChild(link);
    }
  }
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { // value null removes; private mode: nothing
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) {}
  }
  function on(el, type, fn) { if (el) { el.addEventListener(type, fn, false); } }
  function show(el, visible) { if (el) { el.hidden = !visible; } }
  function tryPlay(el) {
    try { var p = el.play(); if (p && p.then) { p.then(null, function () {}); } } catch (e) {}
  }
  function parseList(text) { try { return JSON.parse(text || '[]') || []; } catch (e) { return []; } }
  function smallestFor(renditions, width) { // smallest first; the first at least as wide as the player
    for (var i = 0; i < renditions.length; i++) { if (renditions[i].w >= width) { return renditions[i].u; } }
    return renditions.length ? renditions[renditions.length - 1].u : '';
  }

  function setup(root) {
    if (root.hasAttribute('data-player-ready')) { return; }
    root.setAttribute('data-player-ready', '');
    var video = root.querySelector('video'), audio = root.querySelector('audio');
    var start = root.querySelector('[data-player-start]'), notice = root.querySelector('[data-player-notice]');
    var speed = root.querySelector('[data-player-speed]'), toggle = root.querySelector('[data-player-toggle]');
    function data(name) { return root.getAttribute('data-' + name); }
    var hlsUrl = data('hls'), renditions = parseList(data('mp4s')), legacy = LEGACY_POSITION_KEY + data('media-id');
    var active = video ? null : audio, rate = 1, mode = '', hls = null;
    var wantPlay = false, pendingSeek = -1, restored = false, i, el;
    var started = false, stalls = [], stallTimer = 0, keepVideo = false, warmed = false, seekedAt = 0;
    if (!video && !audio) { return; }
    if (read(legacy) !== null) { root.setAttribute('data-legacy-position', read(legacy)); write(legacy, null); }

    function applyRate(el) {
      if (el) { try { el.defaultPlaybackRate = el.playbackRate = rate; } catch (e) {} }
    }
    function emptyVideo() { // stop every video download
      if (hls) { hls.detachMedia(); hls.destroy(); hls = null; }
      if (video.getAttribute('src')) { video.removeAttribute('src'); video.load(); }
      mode = '';
    }
    function playMp4() {
      if (video.currentTime > 0 && pendingSeek < 0) { pendingSeek = video.currentTime; }
      emptyVideo();
      mode = 'mp4';
      var url = smallestFor(renditions, video.clientWidth || root.clientWidth || 0);
      if (url) { video.src = url; if (wantPlay) { tryPlay(video); } }
    }
    function loadVideo() { // called from the tap (or the switch back): the first byte of video
      if (hlsUrl && video.canPlayType('application/vnd.apple.mpegurl')) {
        emptyVideo(); mode = 'native'; video.src = hlsUrl;
      } else if (!hlsUrl || !window.MediaSource) {
        playMp4();
      } else {
        emptyVideo();
        mode = 'hlsjs';
        if (!warmed) { warmed = true; preload([hlsUrl].concat((data('warm') || '').split(' '))); }
        withHlsJs(data('hlsjs'), function (Hls) {
          if (active !== video || mode !== 'hlsjs' || hls) { return; }
          if (!Hls || !Hls.isSupported()) { playMp4(); return; }
          // The lowest rung first, no bandwidth-test download, never above the player's size.
          hls = new Hls({ startLevel: 0, testBandwidth: false, capLevelToPlayerSize: true,
            abrEwmaDefaultEstimate: 300000, startPosition: pendingSeek > 0 ? pendingSeek : -1 });
          hls.on(Hls.Events.ERROR, function (event, info) {
            if (info && info.fatal) { // leave hls.js's handler before destroying it
              setTimeout(function () { if (mode === 'hlsjs' && active === video) { playMp4(); } }, 0);
            }
          });
          hls.attachMedia(video);
          hls.loadSource(hlsUrl);
          if (wantPlay) { tryPlay(video); } // attaching dropped an earlier play()
        });
      }
    }

    function stalled() { // video keeps stopping: go on as audio only, once, unless asked for video
      stalls = [];
      clearTimeout(stallTimer);
      if (keepVideo || !audio || active !== video) { return; }
      show(notice, true);
      switchTo(audio);
      write(LISTEN_KEY, '1');
    }
    function onWaiting(event) {
      var now = Date.now();
      if (event.target !== video || active !== video || video.seeking || video.readyState === 0) { return; }
      if (!video.currentTime || now - seekedAt < AFTER_SEEK) { return; } // starting, or a seek
      stalls.push(now);
      while (stalls.length && now - stalls[0] > STALL_WINDOW) { stalls.shift(); }
      if (stalls.length >= STALLS) { stalled(); return; }
      clearTimeout(stallTimer);
      stallTimer = setTimeout(stalled, LONG_STALL);
    }

    function onMetadata(event) { // carry a position over, or resume once (where learning.js says)
      var target = pendingSeek, saved = restored ? 0 : parseFloat(data('resume')) || 0;
      if (event.target !== active) { return; }
      applyRate(active);
      if (target < 0 && saved > 0 && saved < active.duration - 1) { target = saved; }
      pendingSeek = -1;
      restored = true;
      if (target >= 0 && Math.abs(active.currentTime - target) > 0.5) {
        try { active.currentTime = target; } catch (e) {}
      }
    }
    function onPlay(event) {
      if (event.target !== active) { return; }
      wantPlay = true;
      applyRate(active);
    }
    function onPause(event) { if (event.target === active && active.readyState > 0) { wantPlay = false; } }

    function label(next) {
      if (toggle) { toggle.textContent = toggle.getAttribute(next === audio ? 'data-label-video' : 'data-label-audio'); }
    }
    function switchTo(next) {
      var prev = active, playing = prev ? !prev.paused || wantPlay : true;
      var position = prev ? prev.currentTime : 0;
      active = next;
      if (prev) { prev.pause(); }
      pendingSeek = position > 0 ? position : -1;
      wantPlay = playing;
      show(next, true);
      show(prev, false);
      if (next === audio) {
        if (video) { clearTimeout(stallTimer); emptyVideo(); }
        if (!audio.getAttribute('src')) { audio.src = data('audio'); }
      } else {
        if (audio) { audio.removeAttribute('src'); audio.load(); }
        loadVideo();
      }
      applyRate(next);
      if (playing) { tryPlay(next); }
      label(next);
    }

    function preferred() { return audio && read(LISTEN_KEY) === '1' ? audio : video; }
    function begin(event) { // the parent's tap
      if (event) { event.preventDefault(); }
      if (started) { return; }
      started = true;
      show(start, false);
      wantPlay = true;
      if (preferred() === audio) { switchTo(audio); return; }
      var img = start && start.querySelector('img');
      if (img && img.currentSrc) { video.poster = img.currentSrc; } // already downloaded
      if (video.textTracks && video.textTracks.length) { video.textTracks[0].mode = 'showing'; }
      switchTo(video);
    }

    for (i = 0; i < 2; i++) {
      el = [video, audio][i];
      on(el, 'loadedmetadata', onMetadata);
      on(el, 'play', onPlay);
      on(el, 'pause', onPause);
    }
    on(video, 'waiting', onWaiting);
    on(video, 'seeking', function () { seekedAt = Date.now(); });
    on(video, 'playing', function () { clearTimeout(stallTimer); });
    on(video, 'error', function () { if (active === video && mode === 'native') { playMp4(); } });
    on(start, 'click', begin);
    if (speed) {
      rate = parseFloat(speed.value) || 1;
      on(speed, 'change', function () { rate = parseFloat(speed.value) || 1; applyRate(video); applyRate(audio); });
      show(root.querySelector('[data-player-controls]'), true);
    }
    if (toggle && video && audio) {
      on(toggle, 'click', function () {
        var next = (active || preferred()) === audio ? video : audio;
        if (!started) { started = true; show(start, false); }
        keepVideo = next === video; // asked for video: no more automatic switches on this page
        show(notice, false);
        write(LISTEN_KEY, next === audio ? '1' : '0');
        switchTo(next);
      });
      label(preferred());
      show(toggle, true);
    }
  }

  function setupAll() {
    var players = document.querySelectorAll('[data-player]');
    for (var i = 0; i < players.length; i++) { setup(players[i]); }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', setupAll, false); } else { setupAll(); }
}());
