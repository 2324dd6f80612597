/* Reading tools for the public pages. Loaded in <head> so the remembered font size applies
   before the first paint; everything else waits for the document. */
(function () {
  "use strict";
  var KEY = "jzgh-font-size";
  var SIZES = ["large", "medium", "small"];
  var root = document.documentElement;
  // Parts that scripts enhance (the 无障碍 toggle, the carousel) take their enhanced layout
  // from the stylesheet as soon as this is set, before the first paint, rather than when
  // their script runs: nothing on the page moves as it loads.
  root.setAttribute("data-scripts", "");

  function storedSize() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function applySize(size) {
    if (SIZES.indexOf(size) < 0) { size = "medium"; }
    root.setAttribute("data-font-size", size);
    document.querySelectorAll("button[data-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
    return size;
  }

  applySize(storedSize());

  document.addEventListener("DOMContentLoaded", function () {
    applySize(storedSize());
    document.querySelectorAll("button[data-font-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var size = applySize(button.getAttribute("data-font-size"));
        try { localStorage.setItem(KEY, size); } catch (e) { /* private mode: this page only */ }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var article = document.querySelector("[data-count-url]");
    var countUrl = article && article.getAttribute("data-count-url");
    if (countUrl && window.fetch) {
      fetch(countUrl, { method: "POST", credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          var counter = document.querySelector(".view-count");
          if (data && counter) { counter.textContent = data.view_count; }
        })
        .catch(function () { /* counting is best effort; reading is not affected */ });
    }
  });
})();
