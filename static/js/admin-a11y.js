/* Accessible names the Django admin leaves out, so axe-core finds none missing:
   - an autocomplete (select2) box is named after its field's label (or its column, in a table);
   - an input in a tabular inline row is named after its column header and row number. */
(function () {
  "use strict";

  function labelText(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) return label.textContent.replace(/[:：]\s*$/, "").trim();
    return columnName(select);
  }

  function columnName(input) {
    var cell = input.closest("td");
    var table = input.closest("table");
    if (!cell || !table) return "";
    var headers = table.querySelectorAll("thead th");
    var row = cell.closest("tr");
    var index = Array.prototype.indexOf.call(row.children, cell);
    var header = headers[index];
    var text = header ? header.textContent.trim() : "";
    if (!text && input.name && /-DELETE$/.test(input.name)) text = "删除";
    var rows = Array.prototype.filter.call(table.tBodies[0] ? table.tBodies[0].rows : [],
      function (r) { return r.classList.contains("form-row") && !r.classList.contains("empty-form"); });
    var number = rows.indexOf(row) + 1;
    return text && number > 0 ? text + "（第" + number + "行）" : text;
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      var name = labelText(select);
      if (!name) return;
      box.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach(function (part) {
        part.setAttribute("aria-label", name);
      });
    });
  }

  function nameTableInputs(root) {
    root.querySelectorAll(".tabular td input, .tabular td select, .tabular td textarea").forEach(function (input) {
      if (input.type === "hidden" || input.getAttribute("aria-label")) return;
      if (input.id && document.querySelector('label[for="' + input.id + '"]')) return;
      var name = columnName(input);
      if (name) input.setAttribute("aria-label", name);
    });
  }

  function run() {
    nameTableInputs(document);
    nameAutocompletes(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    run();
    // select2 boxes are built after DOMContentLoaded and when an inline row is added.
    new MutationObserver(function () { run(); }).observe(document.body, {childList: true, subtree: true});
  });
})();
