/* Lesson player over media_pipeline/player.html. ES5 only (old X5 engines), no
 * dependencies, no user-visible words (the template has them). The position is
 * kept in localStorage only, never sent anywhere. */
(function () {
  'use strict';
  var hlsjsLoading = false, hlsjsDone = false, hlsjsWaiting = [];

  // Inject the vendored hls.js once per page, only when a player needs it.
  function withHlsJs(url, done) {
    if (window.Hls || hlsjsDone || !url) { done(window.Hls || null); return; }
    hlsjsWaiting.push(done);
    if (hlsjsLoading) { return; }
    hlsjsLoading = true;
    var script = document.createElement('script');
    script.src = url;
    script.onload = script.onerror = function () {
      var waiting = hlsjsWaiting;
      hlsjsDone = true;
      hlsjsWaiting = [];
      for (var i = 0; i < waiting.length; i++) { waiting[i](window.Hls || null); }
    };
    document.getElementsByTagName('head')[0].appendChild(script);
  }

  function store(key, value) { // private mode or disabled storage: do nothing
    try {
      if (value === undefined) { return parseFloat(localStorage.getItem(key)) || 0; }
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, String(Math.floor(value))); }
    } catch (e) { return 0; }
  }
  function on(el, type, fn) { if (el) { el.addEventListener(type, fn, false); } }
  function show(el, visible) { if (el) { if (visible) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); } } }
  function tryPlay(el) {
    try { var p = el.play(); if (p && p.then) { p.then(null, function () {}); } } catch (e) { /* not ready */ }
  }

  function setup(root) {
    if (root.getAttribute('data-player-ready') !== null) { return; }
    root.setAttribute('data-player-ready', '');
    var video = root.querySelector('video'), audio = root.querySelector('audio');
    var speed = root.querySelector('[data-player-speed]'), toggle = root.querySelector('[data-player-toggle]');
    var hlsUrl = root.getAttribute('data-hls'), mp4Url = root.getAttribute('data-mp4');
    var key = 'ps-pos-' + root.getAttribute('data-media-id');
    var active = video || audio, rate = 1, mode = '', hls = null, hlsStarted = false;
    var wantPlay = false, pendingSeek = -1, restored = false, lastSave = 0;
    if (!active) { return; }

    function applyRate(el) {
      if (el) { try { el.defaultPlaybackRate = rate; el.playbackRate = rate; } catch (e) { /* old engine */ } }
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
        withHlsJs(root.getAttribute('data-hlsjs'), function (Hls) {
          if (active !== video || mode !== 'hlsjs' || hls) { return; }
          if (!Hls || !Hls.isSupported()) { playMp4(); return; }
          hls = new Hls({ capLevelToPlayerSize: true, startLevel: -1, autoStartLoad: false });
          hlsStarted = false;
          hls.on(Hls.Events.ERROR, function (event, data) {
            if (data && data.fatal) { // leave hls.js's handler before destroying it
              setTimeout(function () { if (mode === 'hlsjs' && active === video) { playMp4(); } }, 0);
            }
          });
          hls.attachMedia(video);
          hls.loadSource(hlsUrl);
          if (wantPlay) { startHls(); tryPlay(video); } // attaching dropped an earlier play()
        });
      }
    }

    function onMetadata(event) {
      var el = event.target, target = -1, saved;
      if (el !== active) { return; }
      applyRate(el);
      if (pendingSeek >= 0) {
        target = pendingSeek;
        pendingSeek = -1;
      } else if (!restored) {
        saved = store(key);
        if (saved > 5 && saved < el.duration - 10) { target = saved; }
      }
      restored = true;
      if (target >= 0 && Math.abs(el.currentTime - target) > 0.5) {
        try { el.currentTime = target; } catch (e) { /* not seekable yet */ }
      }
    }
    function onPlay(event) {
      if (event.target !== active) { return; }
      wantPlay = true;
      lastSave = new Date().getTime();
      applyRate(active);
      if (active === video) { startHls(); }
    }
    function save(event) {
      var el = event.target, now = new Date().getTime();
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
        if (!audio.getAttribute('src')) { audio.src = root.getAttribute('data-audio'); }
      } else {
        audio.removeAttribute('src');
        audio.load();
        loadVideo();
      }
      applyRate(next);
      if (playing) { tryPlay(next); }
      toggle.textContent = toggle.getAttribute(next === audio ? 'data-label-video' : 'data-label-audio');
    }

    var media = [video, audio];
    for (var i = 0; i < 2; i++) {
      on(media[i], 'loadedmetadata', onMetadata);
      on(media[i], 'play', onPlay);
      on(media[i], 'timeupdate', save);
      on(media[i], 'pause', save);
      on(media[i], 'ended', function (event) { if (event.target === active) { store(key, null); } });
    }
    on(video, 'error', function () { if (active === video && mode === 'native') { playMp4(); } });
    on(window, 'pagehide', function () {
      if (!active.paused && active.readyState > 0) { store(key, active.currentTime); }
    });
    if (speed) {
      rate = parseFloat(speed.value) || 1;
      on(speed, 'change', function () { rate = parseFloat(speed.value) || 1; applyRate(video); applyRate(audio); });
      show(root.querySelector('[data-player-controls]'), true);
    }
    if (toggle && video && audio && root.getAttribute('data-audio')) {
      on(toggle, 'click', function () { switchTo(active === video ? audio : video); });
      show(toggle, true);
    }
    if (video) { loadVideo(); }
    applyRate(video);
    applyRate(audio);
  }

  function setupAll() {
    var players = document.querySelectorAll('[data-player]');
    for (var i = 0; i < players.length; i++) { setup(players[i]); }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', setupAll, false); } else { setupAll(); }
}());
