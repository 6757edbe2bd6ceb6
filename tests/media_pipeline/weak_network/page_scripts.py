"""What is installed in the page before its own scripts: how each way of playing is forced,
and the probe that records the tap, the first frame or sound, and the stalls."""

from tests.browser import NO_NATIVE_HLS

# How each path is forced: hiding native HLS gives the hls.js path; hiding MediaSource as well
# leaves only the progressive MP4.
NO_MSE = (
    NO_NATIVE_HLS
    + """
Object.defineProperty(window, "MediaSource", {value: undefined});
Object.defineProperty(window, "ManagedMediaSource", {value: undefined});
"""
)
LISTEN = "try { localStorage.setItem('ps-listen', '1'); } catch (e) {}"
PATHS = {"native": "", "hlsjs": NO_NATIVE_HLS, "mp4": NO_MSE, "audio": LISTEN}

# Installed before the page's own scripts: records the tap, the first frame or sound, stalls.
PROBE = """
window.__ps = {tap: 0, first: 0, stalls: [], waitingSince: 0, ended: 0};
document.addEventListener('click', function () {
  if (!window.__ps.tap) { window.__ps.tap = performance.now(); }
}, true);
function __psWatch(el) {
  var ps = window.__ps;
  el.addEventListener('playing', function () {
    if (ps.waitingSince) { ps.stalls.push(performance.now() - ps.waitingSince); ps.waitingSince = 0; }
    if (!ps.first && el.tagName === 'AUDIO') {
      var check = function () {
        if (el.currentTime > 0) { ps.first = ps.first || performance.now(); }
        else { setTimeout(check, 20); }
      };
      check();
    }
  });
  el.addEventListener('waiting', function () {
    if (ps.first && !el.seeking && !el.hidden) { ps.waitingSince = performance.now(); }
  });
  el.addEventListener('ended', function () { ps.ended = performance.now(); });
  if (el.tagName === 'VIDEO' && el.requestVideoFrameCallback) {
    var frame = function () {
      if (el.currentTime > 0 || el.readyState >= 2) { ps.first = ps.first || performance.now(); }
      else { el.requestVideoFrameCallback(frame); }
    };
    el.requestVideoFrameCallback(frame);
  }
}
document.addEventListener('DOMContentLoaded', function () {
  var els = document.querySelectorAll('.ps-player video, .ps-player audio');
  for (var i = 0; i < els.length; i++) { __psWatch(els[i]); }
});
"""
