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
