/* WeChat share card (lessons/sharing, docs/sharing.md). Loaded, deferred, only when the site
   has an official account configured. Outside WeChat it does nothing. Inside, it asks our
   server (data-config) to sign this page's URL, then loads WeChat's JS-SDK and hands it the
   page's own share tags (og:title, og:description, og:url, the square itemprop image). If
   anything fails, WeChat falls back to the page's plain tags. ES5, no dependencies. */
(function () {
  "use strict";
  var SDK = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
  var script = document.currentScript;
  if (!script || !/MicroMessenger/i.test(navigator.userAgent)) return;

  function meta(selector) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute("content") || "" : "";
  }

  function share(config) {
    var wx = window.wx;
    if (!wx) return;
    wx.config({
      debug: false,
      appId: config.appId,
      timestamp: config.timestamp,
      nonceStr: config.nonceStr,
      signature: config.signature,
      jsApiList: ["updateAppMessageShareData", "updateTimelineShareData"]
    });
    wx.ready(function () {
      var card = {
        title: meta('meta[property="og:title"]') || document.title,
        desc: meta('meta[property="og:description"]'),
        link: meta('meta[property="og:url"]') || location.href.split("#")[0],
        imgUrl: meta('meta[itemprop="image"]') || meta('meta[property="og:image"]')
      };
      wx.updateAppMessageShareData(card);
      wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imgUrl });
    });
  }

  function loadSdk(config) {
    var sdk = document.createElement("script");
    sdk.src = SDK;
    sdk.onload = function () { share(config); };
    document.head.appendChild(sdk);
  }

  var request = new XMLHttpRequest();
  var url = location.href.split("#")[0];
  request.open("GET", script.getAttribute("data-config") + "?url=" + encodeURIComponent(url));
  request.onload = function () {
    if (request.status !== 200) return;
    try {
      loadSdk(JSON.parse(request.responseText));
    } catch (error) { /* keep the plain share tags */ }
  };
  request.send();
})();
