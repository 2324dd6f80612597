/* 图片新闻 carousel. With scripts off every slide is shown in a row that scrolls sideways.
   With them the stylesheet shows one slide at a time from the first paint (data-scripts, set
   by portal.js) and this script makes it move: previous / next / pause buttons, arrow keys,
   automatic advance every 6 s that stops on hover, on keyboard focus, after "暂停轮播"
   and never starts for readers who ask for reduced motion or read in 长者模式 (larger text
   or high contrast: slides that turn by themselves leave them too little time). */
(function () {
  "use strict";
  var INTERVAL = 6000;
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  function setUp(carousel) {
    var slides = Array.prototype.slice.call(carousel.querySelectorAll("[data-slide]"));
    if (slides.length < 2) { return; }
    var pause = carousel.querySelector("[data-carousel-pause]");
    var position = carousel.querySelector("[data-carousel-position]");
    var current = 0;
    var timer = null;
    var root = document.documentElement;
    var seniorMode = root.hasAttribute("data-a11y-text") || root.hasAttribute("data-a11y-contrast");
    var paused = Boolean(reducedMotion && reducedMotion.matches) || seniorMode;
    var held = false; // hover or focus inside

    function show(index, moveFocus) {
      current = (index + slides.length) % slides.length;
      slides.forEach(function (slide, n) {
        slide.classList.toggle("is-current", n === current);
        slide.setAttribute("aria-hidden", String(n !== current));
        slide.querySelectorAll("a").forEach(function (link) { link.tabIndex = n === current ? 0 : -1; });
      });
      position.textContent = (current + 1) + " / " + slides.length;
      if (moveFocus) { slides[current].querySelector("a").focus(); }
    }

    function schedule() {
      window.clearInterval(timer);
      timer = null;
      if (!paused && !held) {
        timer = window.setInterval(function () { show(current + 1, false); }, INTERVAL);
      }
      pause.setAttribute("aria-pressed", String(paused));
      pause.textContent = paused ? "继续轮播" : "暂停轮播";
    }

    // While it moves by itself the live region would interrupt screen readers at every turn.
    position.setAttribute("aria-live", paused ? "polite" : "off");
    pause.addEventListener("click", function () {
      paused = !paused;
      position.setAttribute("aria-live", paused ? "polite" : "off");
      schedule();
    });
    carousel.querySelector("[data-carousel-prev]").addEventListener("click", function () { show(current - 1, false); });
    carousel.querySelector("[data-carousel-next]").addEventListener("click", function () { show(current + 1, false); });
    carousel.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1, true); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1, true); event.preventDefault(); }
    });
    ["mouseenter", "focusin"].forEach(function (name) {
      carousel.addEventListener(name, function () { held = true; schedule(); });
    });
    carousel.addEventListener("mouseleave", function () { held = carousel.contains(document.activeElement); schedule(); });
    carousel.addEventListener("focusout", function (event) {
      held = carousel.contains(event.relatedTarget) || carousel.matches(":hover");
      schedule();
    });
    if (reducedMotion && reducedMotion.addEventListener) {
      reducedMotion.addEventListener("change", function () { if (reducedMotion.matches) { paused = true; schedule(); } });
    }
    show(0, false);
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-carousel]").forEach(setUp);
  });
})();
