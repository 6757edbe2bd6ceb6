// Search page: title suggestions under the search box as the parent types (datalist), from
// /api/search/suggest/ (the URL is the input's data-suggest-url). Nothing happens without fetch.
(function () {
  "use strict";
  var input = document.querySelector("form.search input[data-suggest-url]");
  var list = document.getElementById("suggestions");
  var timer;
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest-url");
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (!q) { list.textContent = ""; return; }
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          list.textContent = "";
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 250);
  });
})();
