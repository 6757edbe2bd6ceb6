// Class mode: one step per screen. Arrow keys, Page Up/Down (presentation clickers send
// these), Space, Home and End move between screens; a tap on the right or left third too.
// Every visible word comes from the template.
(function () {
  "use strict";
  var main = document.querySelector("[data-class-mode]");
  if (!main) return;
  var screens = Array.prototype.slice.call(main.querySelectorAll("[data-step]"));
  var indicator = document.querySelector("[data-indicator]");
  var template = main.getAttribute("data-indicator-template");
  var current = 0;

  function show(index) {
    index = Math.max(0, Math.min(screens.length - 1, index));
    screens.forEach(function (screen, i) {
      screen.hidden = i !== index;
      if (i !== index) {
        Array.prototype.forEach.call(screen.querySelectorAll("video,audio"), function (m) { m.pause(); });
      }
      var dot = document.querySelector('[data-dot="' + (i + 1) + '"]');
      if (dot) { if (i === index) dot.setAttribute("aria-current", "step"); else dot.removeAttribute("aria-current"); }
    });
    current = index;
    if (indicator) indicator.textContent = template.replace("__n__", String(index + 1));
    if (history.replaceState) history.replaceState(null, "", "#step-" + (index + 1));
  }

  var NEXT = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Spacebar: 1, Enter: 1 };
  var PREVIOUS = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1, Backspace: 1 };
  document.addEventListener("keydown", function (event) {
    var tag = event.target && event.target.tagName;
    if (tag === "VIDEO" || tag === "AUDIO" || tag === "BUTTON" || tag === "A") {
      if (event.key === " " || event.key === "Enter") return; // let controls use them
    }
    if (NEXT[event.key]) show(current + 1);
    else if (PREVIOUS[event.key]) show(current - 1);
    else if (event.key === "Home") show(0);
    else if (event.key === "End") show(screens.length - 1);
    else return;
    event.preventDefault();
  });
  main.addEventListener("click", function (event) {
    if (event.target.closest("video,audio,a,button,.ps-player")) return;
    var third = window.innerWidth / 3;
    if (event.clientX > 2 * third) show(current + 1);
    else if (event.clientX < third) show(current - 1);
  });
  var fullscreen = document.querySelector("[data-fullscreen]");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }
  var match = /^#step-(\d+)$/.exec(location.hash);
  show(match ? parseInt(match[1], 10) - 1 : 0);
})();
