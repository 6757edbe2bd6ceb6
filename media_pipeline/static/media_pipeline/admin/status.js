// Live job status in the admin: polls while any item on the page is queued or processing.
(function () {
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status-url");
  function pending() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-media-job]"), function (el) {
      var s = el.getAttribute("data-status");
      return s === "queued" || s === "processing";
    });
  }
  function apply(el, item) {
    el.setAttribute("data-status", item.status);
    el.querySelector('[data-role="label"]').textContent = item.label;
    var progress = el.querySelector('[data-role="progress"]');
    progress.textContent = item.progress + "%";
    progress.hidden = item.status !== "processing";
    var error = el.querySelector('[data-role="error"]');
    error.textContent = item.error;
    error.hidden = !item.error;
  }
  function poll() {
    var els = pending();
    if (!url || !els.length) return;
    var ids = els.map(function (el) { return el.getAttribute("data-media-job"); });
    fetch(url + "?ids=" + ids.join(","), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        els.forEach(function (el) {
          var item = data[el.getAttribute("data-media-job")];
          if (item) apply(el, item);
        });
        if (pending().length) setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  document.addEventListener("DOMContentLoaded", poll);
})();
