/* Lesson player: progressive enhancement over media_pipeline/player.html.
 * ES5 only (old Tencent X5 engines), no dependencies, no user-visible words
 * (they come from the template). Progress stays in localStorage, never sent. */
(function () {
  'use strict';

  var HLS_TYPE = 'application/vnd.apple.mpegurl';
  var hlsjsState = 0; // 0 not requested, 1 loading, 2 done
  var hlsjsWaiting = [];

  // Inject the vendored hls.js once per page, only when a player needs it.
  function withHlsJs(url, done) {
    if (window.Hls || hlsjsState === 2 || !url) { done(window.Hls || null); return; }
    hlsjsWaiting.push(done);
    if (hlsjsState === 1) { return; }
    hlsjsState = 1;
    var script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = script.onerror = function () {
      var waiting = hlsjsWaiting;
      hlsjsState = 2;
      hlsjsWaiting = [];
      for (var i = 0; i < waiting.length; i++) { waiting[i](window.Hls || null); }
    };
    (document.head || document.documentElement).appendChild(script);
  }

  function readPos(key) {
    try {
      var value = parseFloat(window.localStorage.getItem(key));
      return isFinite(value) ? value : 0;
    } catch (e) { return 0; }
  }
  function writePos(key, seconds) {
    try { window.localStorage.setItem(key, String(Math.floor(seconds))); } catch (e) { /* private mode */ }
  }
  function clearPos(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* private mode */ }
  }

  function on(el, type, fn) { if (el) { el.addEventListener(type, fn, false); } }
  function show(el, visible) {
    if (!el) { return; }
    if (visible) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); }
  }
  function tryPlay(el) {
    var promise;
    try { promise = el.play(); } catch (e) { return; }
    if (promise && promise.then) { promise.then(null, function () {}); }
  }

  function setup(root) {
    if (root.getAttribute('data-player-ready') !== null) { return; }
    root.setAttribute('data-player-ready', '');

    var video = root.querySelector('video');
    var audio = root.querySelector('audio');
    var speed = root.querySelector('[data-player-speed]');
    var toggle = root.querySelector('[data-player-toggle]');
    var hlsUrl = root.getAttribute('data-hls') || '';
    var mp4Url = root.getAttribute('data-mp4') || '';
    var audioUrl = root.getAttribute('data-audio') || '';
    var key = 'ps-pos-' + root.getAttribute('data-media-id');
    var active = video || audio;
    var rate = 1;
    var mode = ''; // how the video is fed: 'native', 'hlsjs', 'mp4'
    var hls = null;
    var hlsStarted = false;
    var wantPlay = false; // play was asked for before the source was ready
    var pendingSeek = -1; // position to carry over after a source change
    var restored = false;
    var lastSave = 0;

    if (!active) { return; }

    function applyRate(el) {
      if (!el) { return; }
      try { el.defaultPlaybackRate = rate; el.playbackRate = rate; } catch (e) { /* old engines */ }
    }

    function dropHls() {
      if (!hls) { return; }
      var old = hls;
      hls = null;
      hlsStarted = false;
      old.detachMedia();
      old.destroy();
    }

    // Stop all video downloading: no src, no <source>, no hls.js.
    function emptyVideo() {
      dropHls();
      var sources = video.querySelectorAll('source');
      for (var i = 0; i < sources.length; i++) { video.removeChild(sources[i]); }
      video.removeAttribute('src');
      video.load();
      mode = '';
    }

    function startHls() {
      if (!hls || hlsStarted) { return; }
      hlsStarted = true;
      hls.startLoad(pendingSeek > 0 ? pendingSeek : -1);
    }

    function playMp4() {
      var resume = wantPlay || !video.paused;
      if (video.currentTime > 0 && pendingSeek < 0) { pendingSeek = video.currentTime; }
      emptyVideo();
      mode = 'mp4';
      if (!mp4Url) { return; }
      video.src = mp4Url;
      if (resume) { tryPlay(video); }
    }

    function loadVideo() {
      if (!hlsUrl) { playMp4(); return; }
      if (video.canPlayType(HLS_TYPE)) { emptyVideo(); mode = 'native'; video.src = hlsUrl; return; }
      if (!window.MediaSource) { playMp4(); return; }
      emptyVideo(); // no MP4 metadata download while hls.js arrives
      mode = 'hlsjs';
      withHlsJs(root.getAttribute('data-hlsjs'), function (Hls) {
        if (active !== video || mode !== 'hlsjs' || hls) { return; }
        if (!Hls || !Hls.isSupported()) { playMp4(); return; }
        hls = new Hls({ capLevelToPlayerSize: true, startLevel: -1, autoStartLoad: false });
        hls.on(Hls.Events.ERROR, function (event, data) {
          // Leave hls.js's own handler before destroying it.
          if (data && data.fatal && mode === 'hlsjs') {
            window.setTimeout(function () { if (mode === 'hlsjs' && active === video) { playMp4(); } }, 0);
          }
        });
        hls.attachMedia(video);
        hls.loadSource(hlsUrl);
        // Attaching resets a play() made while hls.js was loading: ask again.
        if (wantPlay) { startHls(); tryPlay(video); }
      });
    }

    function onMetadata(event) {
      var el = event.target;
      if (el !== active) { return; }
      applyRate(el);
      var target = -1;
      if (pendingSeek >= 0) {
        target = pendingSeek;
        pendingSeek = -1;
      } else if (!restored) {
        var saved = readPos(key);
        if (saved > 5 && saved < el.duration - 10) { target = saved; }
      }
      restored = true;
      if (target >= 0 && Math.abs(el.currentTime - target) > 0.5) {
        try { el.currentTime = target; } catch (e) { /* not seekable yet */ }
      }
    }

    function onPlay(event) {
      var el = event.target;
      if (el !== active) { return; }
      wantPlay = true;
      lastSave = new Date().getTime();
      applyRate(el);
      if (el === video) { startHls(); }
    }

    function save(event) {
      var el = event.target;
      if (el !== active || el.readyState < 1) { return; }
      if (event.type === 'timeupdate') {
        var now = new Date().getTime();
        if (el.paused || now - lastSave < 5000) { return; }
        lastSave = now;
      } else {
        wantPlay = false;
      }
      writePos(key, el.currentTime);
    }

    function onEnded(event) {
      if (event.target === active) { clearPos(key); }
    }

    function onVideoError() {
      if (active === video && mode === 'native') { playMp4(); }
    }

    function switchTo(next) {
      var prev = active;
      var playing = !prev.paused;
      var position = prev.currentTime;
      if (prev.readyState > 0 && position > 0) { writePos(key, position); }
      active = next;
      prev.pause();
      pendingSeek = position > 0 ? position : -1;
      wantPlay = playing;
      show(next, true);
      show(prev, false);
      if (next === audio) {
        emptyVideo();
        if (!audio.getAttribute('src')) { audio.src = audioUrl; }
        applyRate(audio);
        if (playing) { tryPlay(audio); }
        toggle.textContent = toggle.getAttribute('data-label-video');
      } else {
        audio.pause();
        audio.removeAttribute('src');
        audio.load();
        loadVideo();
        applyRate(video);
        if (playing) { tryPlay(video); }
        toggle.textContent = toggle.getAttribute('data-label-audio');
      }
    }

    var media = [video, audio];
    for (var i = 0; i < media.length; i++) {
      on(media[i], 'loadedmetadata', onMetadata);
      on(media[i], 'play', onPlay);
      on(media[i], 'timeupdate', save);
      on(media[i], 'pause', save);
      on(media[i], 'ended', onEnded);
    }
    on(video, 'error', onVideoError);
    on(window, 'pagehide', function () {
      if (!active.paused && active.readyState > 0) { writePos(key, active.currentTime); }
    });

    if (speed) {
      rate = parseFloat(speed.value) || 1;
      on(speed, 'change', function () {
        rate = parseFloat(speed.value) || 1;
        applyRate(video);
        applyRate(audio);
      });
      show(root.querySelector('[data-player-controls]'), true);
    }

    if (toggle && video && audio && audioUrl) {
      on(toggle, 'click', function () { switchTo(active === video ? audio : video); });
      show(toggle, true);
    }

    if (video && hlsUrl) { loadVideo(); } else if (video) { mode = 'mp4'; }
    applyRate(video);
    applyRate(audio);
  }

  function setupAll() {
    var players = document.querySelectorAll('[data-player]');
    for (var i = 0; i < players.length; i++) { setup(players[i]); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setupAll, false);
  } else {
    setupAll();
  }
}());
