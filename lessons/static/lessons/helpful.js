/* 这节课对您有帮助吗？ (lessons/includes/helpful.html): post the vote with fetch and remember
   on this device that it voted on this lesson, so the form is not shown again. Without this
   script the form posts as it is and the server answers with a thank-you page. The words
   shown are in the template; nothing here sends or keeps anything else. */
(function () {
  "use strict";
  var KEY = "ps:helpful:";

  function remembered(id) {
    try {
      return window.localStorage.getItem(KEY + id) === "1";
    } catch (e) {
      return false; // storage off (private mode): the form stays
    }
  }

  function remember(id) {
    try {
      window.localStorage.setItem(KEY + id, "1");
    } catch (e) {
      /* nothing to do */
    }
  }

  function setUp(section) {
    var id = section.getAttribute("data-lesson");
    var form = section.querySelector("[data-helpful-form]");
    var thanks = section.querySelector("[data-helpful-thanks]");
    var error = section.querySelector("[data-helpful-error]");
    if (!form || !thanks || !error) return;

    function done() {
      form.hidden = true;
      error.hidden = true;
      thanks.hidden = false;
    }

    if (remembered(id)) {
      done();
      return;
    }
    if (!window.fetch || !window.URLSearchParams) return; // the plain form posts

    var buttons = form.querySelectorAll("button[name=vote]");
    var clicked = "";
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        clicked = button.value;
      });
    });

    function busy(on) {
      Array.prototype.forEach.call(buttons, function (button) {
        button.disabled = on;
      });
    }

    function fail(message) {
      busy(false);
      error.textContent = message || error.getAttribute("data-fallback");
      error.hidden = false;
    }

    form.addEventListener("submit", function (event) {
      var vote = (event.submitter && event.submitter.value) || clicked;
      if (!vote) return;
      event.preventDefault();
      var body = new URLSearchParams();
      body.append("vote", vote);
      body.append("comment", form.elements.comment ? form.elements.comment.value : "");
      busy(true);
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "omit",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (response.ok) {
              remember(id);
              done();
            } else {
              fail(data && data.error);
            }
          });
        })
        .catch(function () {
          fail("");
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-helpful]"), setUp);
})();
