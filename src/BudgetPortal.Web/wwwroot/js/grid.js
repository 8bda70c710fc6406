// Entry grid: Enter moves down (Shift+Enter up); a block pasted from Excel or WPS (tab-separated lines) fills the cells
// to the right and below the one pasted into, adding rows when the block is longer than the rows left; leaving the page
// with changes not saved asks first. Works without it: the grid is a plain form.
(function () {
  "use strict";
  document.querySelectorAll("[data-grid]").forEach(function (grid) {
    var form = grid.closest("form");
    var body = grid.tBodies[0];
    var rows = function () { return Array.prototype.slice.call(body.rows); };
    var position = function (input) {
      var cell = input.closest("td");
      return { row: cell.parentElement.sectionRowIndex, col: cell.cellIndex };
    };
    var inputAt = function (row, col) {
      var r = rows()[row];
      if (!r || !r.cells[col]) { return null; }
      return r.cells[col].querySelector("input:not([type=hidden]):not([type=checkbox])");
    };

    // A new row: a copy of the last ordinary row (no role), every value cleared, its fields numbered after the last row.
    var addRow = function () {
      var all = rows();
      var template = all.filter(function (r) { return !r.classList.contains("total-row"); }).pop() || all[all.length - 1];
      if (!template) { return null; }
      var index = all.length;
      var row = template.cloneNode(true);
      row.className = "added-row";
      row.querySelectorAll("input").forEach(function (input) {
        input.name = input.name.replace(/^(Cells|Roles)\[\d+\]/, "$1[" + index + "]");
        if (input.type === "checkbox") { input.value = String(index); input.checked = false; input.setAttribute("aria-label", "删除第 " + (index + 1) + " 行"); }
        else if (input.type === "hidden") { input.value = ""; }
        else {
          input.value = "";
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
          input.setAttribute("aria-label", (input.getAttribute("aria-label") || "").replace(/^第 \d+ 行/, "第 " + (index + 1) + " 行"));
        }
      });
      row.querySelectorAll(".cell-note").forEach(function (note) { note.remove(); });
      row.querySelectorAll("td").forEach(function (td) { td.classList.remove("cell-rejected", "cell-computed"); });
      if (!row.querySelector("input[type=checkbox]")) {
        var remove = document.createElement("input");
        remove.type = "checkbox";
        remove.name = "Remove";
        remove.value = String(index);
        remove.setAttribute("aria-label", "删除第 " + (index + 1) + " 行");
        row.cells[row.cells.length - 1].appendChild(remove);
      }
      body.appendChild(row);
      return row;
    };

    grid.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.target.tagName !== "INPUT") { return; }
      e.preventDefault();
      var p = position(e.target);
      var next = inputAt(p.row + (e.shiftKey ? -1 : 1), p.col);
      if (next) { next.focus(); next.select(); }
    });
    grid.addEventListener("paste", function (e) {
      var text = (e.clipboardData || window.clipboardData).getData("text");
      if (!text || (text.indexOf("\t") < 0 && text.indexOf("\n") < 0)) { return; }
      e.preventDefault();
      var p = position(e.target);
      var added = 0;
      text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (line, i) {
        while (p.row + i >= rows().length) {
          if (!addRow()) { return; }
          added++;
        }
        line.split("\t").forEach(function (value, j) {
          var input = inputAt(p.row + i, p.col + j);
          if (input) { input.value = value.trim(); input.classList.add("pasted"); }
        });
      });
      form.dataset.unsaved = "true";
      var status = document.getElementById("grid-status");
      if (status && added > 0) { status.textContent = "粘贴的内容比剩余行多，已增加 " + added + " 行（尚未保存）。"; }
    });

    // Unsaved changes: typing or pasting marks the form; submitting it (save, add a row, compute) clears the mark, and a
    // page the server sent back with values it did not store (a refused save, computed totals) starts marked.
    if (form) {
      form.addEventListener("input", function () { form.dataset.unsaved = "true"; });
      form.addEventListener("change", function () { form.dataset.unsaved = "true"; });
      form.addEventListener("submit", function () { delete form.dataset.unsaved; });
      window.addEventListener("beforeunload", function (e) {
        if (form.dataset.unsaved !== "true") { return; }
        e.preventDefault();
        e.returnValue = "";
      });
    }
  });
})();
