/* Lesson player over media_pipeline/player.html. ES5 only (old X5 engines); no
 * words here (the template has them); the position stays in localStorage. */
(function () {
  'use strict';
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

  function store(key, value) { // read, write, or remove (null); private mode: nothing
    try {
      if (value === undefined) { return parseFloat(localStorage.getItem(key)) || 0; }
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, String(Math.floor(value))); }
    } catch (e) { return 0; }
  }
  function on(el, type, fn) { if (el) { el.addEventListener(type, fn, false); } }
  function show(el, visible) { if (el) { el.hidden = !visible; } }
  function tryPlay(el) {
    try { var p = el.play(); if (p && p.then) { p.then(null, function () {}); } } catch (e) {}
  }

  function setup(root) {
    if (root.hasAttribute('data-player-ready')) { return; }
    root.setAttribute('data-player-ready', '');
    var video = root.querySelector('video'), audio = root.querySelector('audio');
    var speed = root.querySelector('[data-player-speed]'), toggle = root.querySelector('[data-player-toggle]');
    function data(name) { return root.getAttribute('data-' + name); }
    var hlsUrl = data('hls'), mp4Url = data('mp4'), key = 'ps-pos-' + data('media-id');
    var active = video || audio, rate = 1, mode = '', hls = null, hlsStarted = false;
    var wantPlay = false, pendingSeek = -1, restored = false, lastSave = 0, i, el;
    if (!active) { return; }

    function applyRate(el) {
      if (el) { try { el.defaultPlaybackRate = el.playbackRate = rate; } catch (e) {} }
    }
    function emptyVideo() { // stop every video download
      if (hls) { hls.detachMedia(); hls.destroy(); hls = null; }
      var sources = video.getElementsByTagName('source');
      while (sources.length) { video.removeChild(sources[0]); }
      video.removeAttribute('src');
      video.load();
      mode = '';
    }
    function playMp4() {
      var resume = wantPlay || !video.paused;
      if (video.currentTime > 0 && pendingSeek < 0) { pendingSeek = video.currentTime; }
      emptyVideo();
      mode = 'mp4';
      if (mp4Url) { video.src = mp4Url; if (resume) { tryPlay(video); } }
    }
    function startHls() {
      if (hls && !hlsStarted) { hlsStarted = true; hls.startLoad(pendingSeek > 0 ? pendingSeek : -1); }
    }
    function loadVideo() {
      if (hlsUrl && video.canPlayType('application/vnd.apple.mpegurl')) {
        emptyVideo(); mode = 'native'; video.src = hlsUrl;
      } else if (!hlsUrl || !window.MediaSource) {
        if (video.getElementsByTagName('source').length) { mode = 'mp4'; } else { playMp4(); }
      } else {
        emptyVideo(); // no MP4 download while hls.js arrives
        mode = 'hlsjs';
        withHlsJs(data('hlsjs'), function (Hls) {
          if (active !== video || mode !== 'hlsjs' || hls) { return; }
          if (!Hls || !Hls.isSupported()) { playMp4(); return; }
          hls = new Hls({ capLevelToPlayerSize: true, startLevel: -1, autoStartLoad: false });
          hlsStarted = false;
          hls.on(Hls.Events.ERROR, function (event, info) {
            if (info && info.fatal) { // leave hls.js's handler before destroying it
              setTimeout(function () { if (mode === 'hlsjs' && active === video) { playMp4(); } }, 0);
            }
          });
          hls.attachMedia(video);
          hls.loadSource(hlsUrl);
          if (wantPlay) { startHls(); tryPlay(video); } // attaching dropped an earlier play()
        });
      }
    }

    function onMetadata(event) { // carry a position over, or resume once
      var target = pendingSeek, saved = restored ? 0 : store(key);
      if (event.target !== active) { return; }
      applyRate(active);
      if (target < 0 && saved > 5 && saved < active.duration - 10) { target = saved; }
      pendingSeek = -1;
      restored = true;
      if (target >= 0 && Math.abs(active.currentTime - target) > 0.5) {
        try { active.currentTime = target; } catch (e) {}
      }
    }
    function onPlay(event) {
      if (event.target !== active) { return; }
      wantPlay = true;
      lastSave = Date.now();
      applyRate(active);
      if (active === video) { startHls(); }
    }
    function save(event) {
      var el = event.target, now = Date.now();
      if (el !== active || el.readyState < 1) { return; }
      if (event.type === 'pause') { wantPlay = false; } else if (el.paused || now - lastSave < 5000) { return; }
      lastSave = now;
      store(key, el.currentTime);
    }

    function switchTo(next) {
      var prev = active, playing = !prev.paused, position = prev.currentTime;
      if (prev.readyState > 0 && position > 0) { store(key, position); }
      active = next;
      prev.pause();
      pendingSeek = position > 0 ? position : -1;
      wantPlay = playing;
      show(next, true);
      show(prev, false);
      if (next === audio) {
        emptyVideo();
        if (!audio.getAttribute('src')) { audio.src = data('audio'); }
      } else {
        audio.removeAttribute('src');
        audio.load();
        loadVideo();
      }
      applyRate(next);
      if (playing) { tryPlay(next); }
      toggle.textContent = toggle.getAttribute(next === audio ? 'data-label-video' : 'data-label-audio');
    }

    for (i = 0; i < 2; i++) {
      el = [video, audio][i];
      on(el, 'loadedmetadata', onMetadata);
      on(el, 'play', onPlay);
      on(el, 'timeupdate', save);
      on(el, 'pause', save);
      on(el, 'ended', function (event) { if (event.target === active) { store(key, null); } });
    }
    on(video, 'error', function () { if (active === video && mode === 'native') { playMp4(); } });
    if (speed) {
      rate = parseFloat(speed.value) || 1;
      on(speed, 'change', function () { rate = parseFloat(speed.value) || 1; applyRate(video); applyRate(audio); });
      show(root.querySelector('[data-player-controls]'), true);
    }
    if (toggle && video && audio) {
      on(toggle, 'click', function () { switchTo(active === video ? audio : video); });
      show(toggle, true);
    }
    if (video) { loadVideo(); }
  }

  function setupAll() {
    var players = document.querySelectorAll('[data-player]');
    for (var i = 0; i < players.length; i++) { setup(players[i]); }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', setupAll, false); } else { setupAll(); }
}());
