// Moves keyboard focus to the newest message after htmx swaps the conversation,
// so screen-reader and keyboard users land on what the assistant just said.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-focus]");
  if (target) {
    target.removeAttribute("data-focus");
    target.focus();
  }
});

// After a page loads from an action (a claim, a decision, a refused form),
// the server marks the element to continue from: the status message, the
// first field to correct, or the letter to read before signing.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-load-focus]");
  if (target) {
    target.removeAttribute("data-load-focus");
    target.focus();
  }
});

// On a narrow screen each table row becomes a block (app.css); every cell
// then shows its column's header, copied here from the table's own header.
function labelCells(root) {
  root.querySelectorAll("table").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) {
      return;
    }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (heads[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", heads[i].textContent.trim());
        }
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () {
  labelCells(document);
});
document.addEventListener("htmx:afterSettle", function () {
  labelCells(document);
});
