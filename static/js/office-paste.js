/* Word and WPS paste for CKEditor 5 (a function plugin named in the editor's extraPlugins).
   Before CKEditor reads pasted HTML, the inline styles that carry an office's meaning become the
   classes the server's allow-list keeps (core/sanitize.py, office_to_classes): a colour near one
   of the palette's takes its class, others are dropped; a Word paragraph with no first-line
   indent is marked with the no-indent class. The palette and class names come from the editor's
   configuration ("officePaste", written by core.fields from core.sanitize), so there is one table.
   Word's list markup (mso-list) is left for CKEditor's paste-from-Office, which makes real lists
   and drops the typed "1.". Dropped or pasted files of a type the server refuses get a message. */
(function () {
  "use strict";

  var NAMED = {red: "#ff0000", darkred: "#8b0000", maroon: "#800000", blue: "#0000ff", navy: "#000080",
    darkblue: "#00008b", black: "#000000", white: "#ffffff", gray: "#808080", grey: "#808080",
    green: "#008000", windowtext: "#000000"};

  function rgb(value) {
    value = (value || "").trim().toLowerCase();
    value = NAMED[value] || value;
    var match = value.match(/^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/);
    if (match) return [+match[1], +match[2], +match[3]];
    if (/^#[0-9a-f]{3}$/.test(value)) return [1, 2, 3].map(function (i) { return parseInt(value[i] + value[i], 16); });
    if (/^#[0-9a-f]{6}$/.test(value)) return [1, 3, 5].map(function (i) { return parseInt(value.substr(i, 2), 16); });
    return null;
  }

  function colourClass(value, config) {
    var colour = rgb(value);
    if (!colour) return null;
    var anchors = Object.keys(config.colours).map(function (name) { return [name, rgb(config.colours[name])]; })
      .concat(config.neutral.map(function (hex) { return ["", rgb(hex)]; }));
    var best = null;
    anchors.forEach(function (anchor) {
      var d = Math.sqrt(anchor[1].reduce(function (sum, part, i) { return sum + Math.pow(part - colour[i], 2); }, 0));
      if (!best || d < best[0]) best = [d, anchor[0]];
    });
    return best && best[1] && best[0] <= config.maxDistance ? best[1] : null;
  }

  function declarations(style) {
    return (style || "").split(";").map(function (part) {
      var at = part.indexOf(":");
      return at < 0 ? null : [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()];
    }).filter(function (pair) { return pair && pair[0] && pair[1]; });
  }

  function wrapChildren(element, tag) {
    var wrapper = element.ownerDocument.createElement(tag);
    while (element.firstChild) wrapper.appendChild(element.firstChild);
    element.appendChild(wrapper);
    return wrapper;
  }

  function transform(html, config) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fromWord = /mso-|class="?Mso|urn:schemas-microsoft-com/.test(html);
    doc.body.querySelectorAll("font").forEach(function (font) {
      var span = doc.createElement("span");
      if (font.getAttribute("color")) span.setAttribute("style", "color:" + font.getAttribute("color"));
      while (font.firstChild) span.appendChild(font.firstChild);
      font.replaceWith(span);
    });
    doc.body.querySelectorAll("*").forEach(function (element) {
      // The style attribute is edited as text: the CSSOM would drop Word's mso-list, which
      // CKEditor needs to build lists.
      var pairs = declarations(element.getAttribute("style"));
      var kept = [];
      var indent = null;
      pairs.forEach(function (pair) {
        if (pair[0] === "color") {
          var name = colourClass(pair[1], config);
          if (name) (element.tagName === "SPAN" ? element : wrapChildren(element, "span")).classList.add(name);
        } else if (pair[0] === "text-indent") {
          indent = pair[1];
        } else if (pair[0] !== "background" && pair[0] !== "background-color") {
          kept.push(pair[0] + ":" + pair[1]);
        }
      });
      if (element.tagName === "P" && (fromWord || indent !== null) && !(parseFloat(indent) > 0) &&
          !/mso-list:\s*l/i.test(element.getAttribute("style") || "")) {
        element.classList.add(config.noIndentClass);
      }
      if (pairs.length) element.setAttribute("style", kept.join(";"));
    });
    return doc.documentElement.outerHTML;
  }

  function refuseFiles(editor, files) {
    var types = editor.config.get("image.upload.types") || [];
    var refused = Array.prototype.filter.call(files || [], function (file) {
      return types.indexOf((file.type || "").replace(/^image\//, "")) < 0;
    });
    if (refused.length) {
      var message = "不能插入“" + refused[0].name + "”：只能上传 " +
        types.map(function (t) { return t.toUpperCase(); }).join("、") +
        " 格式的图片（不支持 SVG）。请另存为 PNG 或 JPEG 后再上传。";
      editor.plugins.get("Notification").showWarning(message, {namespace: "upload"});
    }
    return refused.length > 0;
  }

  window.jzghOfficePaste = function (editor) {
    var config = editor.config.get("officePaste");
    editor.editing.view.document.on("clipboardInput", function (evt, data) {
      var transfer = data.dataTransfer;
      if (transfer.files && transfer.files.length && refuseFiles(editor, transfer.files)) {
        evt.stop();
        return;
      }
      var html = transfer.getData("text/html");
      if (!html || !config) return;
      var cleaned = transform(html, config);
      var original = transfer.getData.bind(transfer);
      transfer.getData = function (type) { return type === "text/html" ? cleaned : original(type); };
    }, {priority: "highest"});
  };
  window.jzghOfficePaste.transform = transform;
  window.jzghOfficePaste.colourClass = colourClass;
})();
