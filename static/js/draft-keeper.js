/* Keeps what was typed into a long form when its submission fails.
 *
 * Forms marked `data-keep-draft` (or named by a `<meta name="keep-draft-form" content="ID">`,
 * for the admin's forms) are saved to localStorage as the user types and when they submit.
 * If the submission fails (the server answers 503 while the database is down, the
 * connection drops), the next time the page is opened the draft is put back, with a notice
 * and a button to discard it. After a successful submission (the server redirects to the
 * next page) the draft is removed. A draft is put back only into the form it was typed
 * into: if the page now shows other values (the save did succeed, or someone else changed
 * the record since), the draft is stale and is dropped rather than overwrite them.
 *
 * Only text is kept: file inputs, passwords and the CSRF token never are.
 */
(function () {
  "use strict";
  var PREFIX = "jzgh-draft:";
  var PENDING = "jzgh-draft-pending:";

  function storage(kind) {
    try {
      var store = window[kind];
      store.setItem("jzgh-draft-probe", "1");
      store.removeItem("jzgh-draft-probe");
      return store;
    } catch (error) {
      return null;  // private mode or storage disabled: nothing to do
    }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");
  if (!local || !session) { return; }

  function keyFor(form) {
    return PREFIX + (form.getAttribute("data-keep-draft") || form.id || "form") + ":" + location.pathname;
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      return field.name && field.name !== "csrfmiddlewaretoken" &&
        ["file", "password", "submit", "button", "reset", "hidden"].indexOf(type) === -1 &&
        !field.disabled;
    });
  }

  function editorFor(field) {  // CKEditor 5 (django-ckeditor-5) keeps its text in window.editors
    return window.editors && field.id && window.editors[field.id];
  }

  // The values the server put into the form, before anyone typed or a draft was restored.
  function fingerprint(form) {
    return JSON.stringify(fields(form).map(function (field) {
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") { return field.defaultChecked; }
      if (field.options) {
        return Array.prototype.filter.call(field.options, function (o) { return o.defaultSelected; })
          .map(function (o) { return o.value; });
      }
      return field.defaultValue;
    }));
  }

  function save(form, base) {
    var values = {};
    var typed = false;
    fields(form).forEach(function (field) {
      var type = (field.type || "").toLowerCase();
      var editor = editorFor(field);
      var value = editor ? editor.getData() : field.value;
      if (type === "checkbox" || type === "radio") {
        if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); }
        return;
      }
      if (field.multiple) {
        value = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      }
      values[field.name] = value;
      if (field.tagName === "TEXTAREA" && value && value !== field.defaultValue) { typed = true; }
      if (type === "text" && value !== field.defaultValue) { typed = true; }
    });
    if (!typed) { return; }
    try {
      local.setItem(keyFor(form), JSON.stringify({ saved: Date.now(), base: base, values: values }));
    } catch (error) { /* storage full: the form still submits */ }
  }

  function restore(form, draft) {
    fields(form).forEach(function (field) {
      if (!(field.name in draft.values)) { return; }
      var value = draft.values[field.name];
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        field.checked = [].concat(value).indexOf(field.value) !== -1;
      } else if (field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
      } else {
        field.value = value;  // CKEditor reads its textarea when it starts, after this
        var editor = editorFor(field);
        if (editor) { editor.setData(value); }
      }
    });
    var notice = document.createElement("p");
    notice.className = "form-message draft-notice";
    notice.setAttribute("role", "status");
    var time = new Date(draft.saved);
    notice.textContent = "已恢复您上次未能提交的内容（保存于 " +
      time.getHours() + ":" + String(time.getMinutes()).padStart(2, "0") + "），请检查后重新提交。";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "放弃草稿";
    discard.addEventListener("click", function () {
      local.removeItem(keyFor(form));
      location.reload();
    });
    notice.appendChild(document.createTextNode(" "));
    notice.appendChild(discard);
    form.insertBefore(notice, form.firstChild);
  }

  function navigationType() {
    var entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length ? entries[0] : null;
  }

  // A submission that was pending and led here by a normal navigation (the server's redirect
  // after a successful save) has succeeded: its draft is no longer needed. A failed one ends
  // on an error page without this script; coming back to the form is "back_forward" or a new
  // visit from elsewhere, and the draft stays.
  function clearSucceeded() {
    var entry = navigationType();
    var navigated = entry ? entry.type === "navigate" : true;
    var ok = !entry || !entry.responseStatus || entry.responseStatus < 400;
    for (var i = session.length - 1; i >= 0; i--) {
      var name = session.key(i);
      if (name && name.indexOf(PENDING) === 0) {
        var pending = JSON.parse(session.getItem(name) || "{}");
        if (navigated && ok && document.referrer === pending.page) {
          local.removeItem(name.slice(PENDING.length));
        }
        session.removeItem(name);
      }
    }
  }

  function keep(form) {
    var key = keyFor(form);
    var base = fingerprint(form);
    var stored = local.getItem(key);
    if (stored) {
      try {
        var draft = JSON.parse(stored);
        if (draft.base === base) { restore(form, draft); } else { local.removeItem(key); }
      } catch (error) { local.removeItem(key); }
    }
    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { save(form, base); }, 400);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function () {
      save(form, base);
      session.setItem(PENDING + key, JSON.stringify({ page: location.href }));
    });
    // The rich-text editor changes no form field as the user types: save on its changes.
    var attempts = 0;
    var hook = setInterval(function () {
      attempts += 1;
      fields(form).forEach(function (field) {
        var editor = editorFor(field);
        if (editor && !field.dataset.draftHooked) {
          field.dataset.draftHooked = "1";
          editor.model.document.on("change:data", later);
        }
      });
      if (attempts > 20) { clearInterval(hook); }
    }, 500);
  }

  function start() {
    clearSucceeded();
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-keep-draft]"));
    document.querySelectorAll('meta[name="keep-draft-form"]').forEach(function (meta) {
      var named = document.getElementById(meta.getAttribute("content"));
      if (named && forms.indexOf(named) === -1) { forms.push(named); }
    });
    forms.forEach(keep);
  }

  // Deferred or at the end of the body: the form is parsed, CKEditor has not started yet.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
