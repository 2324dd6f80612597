/* The idle timeout's warning for signed-in pages (portal and admin). The server ends a session
   after SESSION_COOKIE_AGE without a request; data-idle-seconds is what is left of it; this
   warns a little before, offers to go on (one request to data-keep-alive moves the end), and
   says so when the time is up, so that nobody types on into a form that can no longer be
   saved. No inline script: the data come from the script tag's attributes. */
(function () {
  "use strict";
  var script = document.currentScript;
  var idle = parseInt(script && script.getAttribute("data-idle-seconds"), 10);
  if (!idle || idle <= 0) { return; }
  var keepAlive = script.getAttribute("data-keep-alive");
  var signIn = script.getAttribute("data-sign-in");
  var warnBefore = Math.min(120, Math.floor(idle / 4));
  var timers = [];
  var box;

  function minutes(seconds) { return Math.max(1, Math.round(seconds / 60)); }

  function clear() {
    timers.forEach(clearTimeout);
    timers = [];
    if (box) { box.hidden = true; }
  }

  function show(text, withButton) {
    if (!box) {
      box = document.createElement("div");
      box.className = "session-timeout";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      box.setAttribute("aria-label", "登录即将超时");
      // Styled here (through the CSSOM, which a Content-Security-Policy allows) because the
      // admin's pages do not load the portal's style sheet.
      Object.assign(box.style, {
        position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "10000",
        padding: ".75rem 1rem", background: "#fff4ce", color: "#1a1a1a",
        borderTop: "3px solid #b7791f", fontSize: "1rem", textAlign: "center"
      });
      document.body.appendChild(box);
    }
    box.textContent = "";
    var message = document.createElement("p");
    message.textContent = text;
    box.appendChild(message);
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "继续使用";
      button.addEventListener("click", goOn);
      box.appendChild(button);
      button.focus();
    } else {
      var link = document.createElement("a");
      link.href = signIn + "?next=" + encodeURIComponent(location.pathname + location.search);
      link.textContent = "重新登录";
      box.appendChild(link);
    }
    box.hidden = false;
  }

  function warn() {
    show("您已较长时间没有操作，约 " + minutes(warnBefore) + " 分钟后将自动退出登录。" +
         "如需继续，请点“继续使用”。", true);
  }

  function expired() {
    show("由于 " + minutes(idle) + " 分钟没有操作，您已自动退出登录。" +
         "尚未提交的内容请先复制保存，重新登录后再提交。", false);
  }

  function schedule() {
    clear();
    timers.push(setTimeout(warn, (idle - warnBefore) * 1000));
    timers.push(setTimeout(expired, idle * 1000));
  }

  function goOn() {
    fetch(keepAlive, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { if (response.status === 204) { schedule(); } else { expired(); } })
      .catch(function () { /* offline: the warning stays */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
})();
