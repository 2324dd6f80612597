/* 无障碍 / 长者模式 toolbar: larger text and line spacing, high contrast, an extra-large
   pointer, a reading guide line and read-aloud (the browser's own speech synthesis, zh-CN).
   No third-party script and no request leaves the site. Loaded in <head>, so the modes a
   reader chose apply before the first paint on every page (localStorage); the toggle in the
   top bar is in the page's markup and shown by the stylesheet on pages that run scripts
   (data-scripts, set by portal.js), also from the first paint, so it moves nothing as the
   page loads; with scripts off the page is simply the normal, readable page. */
(function () {
  "use strict";
  var KEY = "jzgh-a11y";
  var MODES = ["text", "contrast", "cursor", "guide"];
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }

  function save(settings) {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (e) { /* private mode: this page only */ }
  }

  var settings = load();

  function apply() {
    MODES.forEach(function (mode) {
      if (settings[mode]) { root.setAttribute("data-a11y-" + mode, "on"); } else { root.removeAttribute("data-a11y-" + mode); }
    });
    document.querySelectorAll("[data-a11y-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Boolean(settings[button.getAttribute("data-a11y-mode")])));
    });
  }

  apply();

  // Reading guide: a horizontal band that follows the pointer, or the focused element.
  function setUpGuide() {
    var guide = document.createElement("div");
    guide.className = "reading-guide";
    guide.setAttribute("aria-hidden", "true");
    document.body.appendChild(guide);
    function moveTo(y) { guide.style.transform = "translateY(" + Math.round(y) + "px)"; }
    document.addEventListener("mousemove", function (event) { moveTo(event.clientY); });
    document.addEventListener("focusin", function (event) {
      var box = event.target.getBoundingClientRect();
      moveTo(box.bottom + 2);
    });
  }

  // Read-aloud: the selected text, else the article (or the page's main content).
  var speech = window.speechSynthesis;

  function textToRead() {
    var selected = window.getSelection ? String(window.getSelection()) : "";
    if (selected.trim()) { return selected; }
    var article = document.querySelector(".article") || document.querySelector("main");
    return article ? article.innerText : "";
  }

  function readAloud(status) {
    if (!speech || !window.SpeechSynthesisUtterance) {
      status.textContent = "您的浏览器不支持朗读。";
      return;
    }
    speech.cancel();
    // Short utterances: some browsers stop a long one after about fifteen seconds.
    var sentences = textToRead().replace(/\s+/g, " ").match(/[^。！？!?；;]+[。！？!?；;]?/g) || [];
    sentences.forEach(function (sentence) {
      if (!sentence.trim()) { return; }
      var utterance = new SpeechSynthesisUtterance(sentence.trim());
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      speech.speak(utterance);
    });
    status.textContent = sentences.length ? "正在朗读，按“停止朗读”结束。" : "没有可以朗读的文字。";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-a11y-toggle]");
    var panel = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!panel) { return; }
    var status = panel.querySelector("[data-a11y-status]");
    setUpGuide();
    apply();

    function open(show) {
      panel.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
    }
    // The panel is a row below the top bar: opening it moves focus to its first button, so
    // keyboard users go on from there; Escape closes it and returns to the toggle.
    toggle.addEventListener("click", function () {
      open(panel.hidden);
      if (!panel.hidden) { panel.querySelector("button").focus(); }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { open(false); toggle.focus(); }
    });
    panel.querySelectorAll("[data-a11y-mode]").forEach(function (button) {
      button.addEventListener("click", function () {
        var mode = button.getAttribute("data-a11y-mode");
        settings[mode] = !settings[mode];
        save(settings);
        apply();
      });
    });
    panel.querySelector("[data-a11y-reset]").addEventListener("click", function () {
      settings = {};
      save(settings);
      apply();
      if (speech) { speech.cancel(); }
      status.textContent = "已恢复默认显示。";
    });
    panel.querySelector("[data-a11y-read]").addEventListener("click", function () { readAloud(status); });
    panel.querySelector("[data-a11y-stop]").addEventListener("click", function () {
      if (speech) { speech.cancel(); }
      status.textContent = "已停止朗读。";
    });
  });
})();
