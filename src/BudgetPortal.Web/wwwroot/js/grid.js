// Entry grid: Enter moves down (Shift+Enter up), and a block pasted from Excel or WPS (tab-separated lines)
// fills the cells to the right and below the one pasted into. Works without it: the grid is a plain form.
(function () {
  "use strict";
  document.querySelectorAll("[data-grid]").forEach(function (grid) {
    var rows = function () { return Array.prototype.slice.call(grid.tBodies[0].rows); };
    var position = function (input) {
      var cell = input.closest("td");
      return { row: cell.parentElement.sectionRowIndex, col: cell.cellIndex };
    };
    var inputAt = function (row, col) {
      var r = rows()[row];
      if (!r || !r.cells[col]) { return null; }
      return r.cells[col].querySelector("input:not([type=hidden]):not([type=checkbox])");
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
      text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach(function (line, i) {
        line.split("\t").forEach(function (value, j) {
          var input = inputAt(p.row + i, p.col + j);
          if (input) { input.value = value.trim(); input.classList.add("pasted"); }
        });
      });
    });
  });
})();
